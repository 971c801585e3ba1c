package org.hmsabi.conformance;

import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.AttributeRule;
import org.hmsabi.spec.Condition;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.spec.PathPattern;
import org.hmsabi.spec.Presence;
import org.hmsabi.topology.NodeLists;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.topology.Topology;

/**
 * Checks a snapshot against the spec: every path is matched to an entry and its value to the
 * entry's grammar; paths no entry covers are listed as undocumented; paths the kernel must have
 * (by since, until, requires and presence) and lacks are missing; and the fixture-free invariants of
 * {@link Invariants} hold.
 */
public final class ConformanceChecker {
    private static final String NODE = "/sys/devices/system/node";

    private final AbiSpec spec;

    public ConformanceChecker(AbiSpec spec) {
        this.spec = spec;
    }

    /**
     * The verdict on a snapshot. The kernel version comes from the snapshot's release string;
     * the topology, when known, decides the {@code requires} conditions (else the tree does).
     */
    public ConformanceReport check(Snapshot snapshot, Optional<Topology> topology) {
        String kernel = snapshot.kernel().release();
        String topologyName = snapshot.topology().name();
        Optional<KernelVersion> version = versionOf(kernel);
        SnapshotView view = new SnapshotView(snapshot);
        List<Violation> violations = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        NavigableSet<String> documented = new TreeSet<>();
        List<String> bareDirectories = new ArrayList<>();

        view.entries().forEach((path, entry) -> {
            Optional<AttributeRule> rule = spec.find(path, version);
            if (rule.isEmpty()) {
                if (entry instanceof Entry.Directory) {
                    bareDirectories.add(path); // documented when something below it is
                } else {
                    undocumented.add(path);
                }
                return;
            }
            documented.add(path);
            if (entry instanceof Entry.Unreadable) {
                unchecked.add(path);
                return;
            }
            GrammarCheck.check(rule.get().grammar(), entry).ifPresent(problem ->
                    violations.add(new Violation(path, problem.rule(), kernel, topologyName, problem.detail())));
        });
        for (String directory : bareDirectories) {
            String below = documented.ceiling(directory + "/");
            if (below == null || !below.startsWith(directory + "/")) {
                undocumented.add(directory);
            }
        }
        undocumented.sort(null);
        for (String missing : missingPaths(view, version, topology)) {
            violations.add(new Violation(missing, ViolationRule.MISSING, kernel, topologyName,
                    "absent, but the spec requires it on " + version.map(KernelVersion::toString).orElse("?")
                            + " (" + spec.find(missing, version).map(ConformanceChecker::lifetime).orElse("since ?") + ")"));
        }
        violations.addAll(new Invariants(view, kernel, topologyName).check());
        return new ConformanceReport(kernel, topologyName, documented.size(), violations, undocumented, unchecked);
    }

    /** "since 6.9", or "since 6.9, until 6.16" for an attribute that went away. */
    private static String lifetime(AttributeRule rule) {
        return "since " + rule.since().map(KernelVersion::toString).orElse("?")
                + rule.until().map(until -> ", until " + until).orElse("");
    }

    /** The version a release string starts with; empty when there is none (a tree without osrelease). */
    static Optional<KernelVersion> versionOf(String release) {
        return KernelVersion.tryParse(release);
    }

    /** Paths the spec requires on this kernel that the tree lacks, sorted. */
    private SortedSet<String> missingPaths(SnapshotView view, Optional<KernelVersion> version, Optional<Topology> topology) {
        SortedSet<String> missing = new TreeSet<>();
        for (AttributeRule rule : spec.rules()) {
            if (rule.presence() == Presence.OPTIONAL || !rule.expectedOn(version)
                    || !rule.requires().stream().allMatch(condition -> holds(condition, view, topology))) {
                continue;
            }
            for (String path : requiredPaths(rule, view, topology)) {
                // Only the rule that decides a path on this kernel may require it (an earlier entry may cover it).
                if (!view.exists(path) && spec.find(path, version).filter(rule::equals).isPresent()) {
                    missing.add(path);
                }
            }
        }
        return missing;
    }

    /**
     * The concrete paths a rule requires in this tree. A per-node rule that requires HMAT requires
     * its path, when the topology is known, only on the nodes HMAT describes (the targets of its
     * entries): a CXL window's node gets its memory at run time and is no HMAT target; the CXL
     * driver, not HMAT, decides its access classes (drivers/cxl/core/region.c), which the cxl
     * suite checks against the region's.
     */
    private static List<String> requiredPaths(AttributeRule rule, SnapshotView view, Optional<Topology> topology) {
        String text = rule.path().text();
        List<String> paths = new ArrayList<>();
        switch (rule.presence()) {
            case EACH_NODE, EACH_POSSIBLE_NODE, EACH_MEMORY_NODE -> {
                String mask = switch (rule.presence()) {
                    case EACH_NODE -> "/online";
                    case EACH_POSSIBLE_NODE -> "/possible";
                    default -> "/has_memory";
                };
                for (int node : nodes(view, NODE + mask)) {
                    if (rule.requires().contains(Condition.HMAT) && topology.isPresent()
                            && topology.get().hmat().stream().noneMatch(entry -> entry.target() == node)) {
                        continue;
                    }
                    String path = text.replaceFirst("<N>", String.valueOf(node));
                    if (isConcrete(path)) {
                        paths.add(path);
                    } else {
                        inExistingParents(path, view, paths); // e.g. node3/access<N>/initiators/read_latency
                    }
                }
            }
            case REQUIRED -> inExistingParents(text, view, paths);
            default -> {
            }
        }
        return paths;
    }

    /** {@code text} in every existing directory its parent pattern matches (a top-level path once). */
    private static void inExistingParents(String text, SnapshotView view, List<String> paths) {
        int slash = text.lastIndexOf('/');
        String parent = text.substring(0, slash);
        String last = text.substring(slash + 1);
        if (!isConcrete(last) || parent.contains("**")) {
            return; // a family of paths: which members must exist is not the spec's to say
        }
        if (isConcrete(parent)) {
            paths.add(text);
        } else {
            PathPattern parents = PathPattern.of(parent);
            view.entries().forEach((path, entry) -> {
                if (entry instanceof Entry.Directory && parents.matches(path)) {
                    paths.add(path + "/" + last);
                }
            });
        }
    }

    private static boolean isConcrete(String path) {
        return !path.contains("<N>") && !path.contains("*");
    }

    private static boolean holds(Condition condition, SnapshotView view, Optional<Topology> topology) {
        if (topology.isPresent()) {
            return condition == Condition.HMAT ? !topology.get().hmat().isEmpty() : !topology.get().caches().isEmpty();
        }
        PathPattern evidence = PathPattern.of(condition == Condition.HMAT ? NODE + "/node<N>/access<N>" : NODE + "/node<N>/memory_side_cache");
        return view.entries().keySet().stream().anyMatch(evidence::matches);
    }

    static SortedSet<Integer> nodes(SnapshotView view, String maskPath) {
        try {
            return view.value(maskPath).map(NodeLists::parse).orElseGet(TreeSet::new);
        } catch (IllegalArgumentException e) {
            return new TreeSet<>(); // a malformed mask is the grammar check's to report
        }
    }
}
