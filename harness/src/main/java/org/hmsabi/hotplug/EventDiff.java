package org.hmsabi.hotplug;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.hmsabi.diff.DiffResult;
import org.hmsabi.diff.Finding;
import org.hmsabi.diff.InterleaveWeights;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.SyscallCatalog;
import org.hmsabi.spec.SyscallContract;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.topology.NodeLists;
import org.hmsabi.topology.Topology;

/**
 * The ABI diff across one memory event, judged against an explicit allow-list: when memory
 * arrives on node N, what may change is N's own entries and what necessarily changes with a new
 * memory node, nothing else. After the memory is removed again, nothing may differ from the
 * snapshot before it arrived.
 *
 * <p>The allow-list, all of it:
 * <ul>
 * <li>{@code /sys/devices/system/node/nodeN} and everything below it;</li>
 * <li>the masks {@code online}, {@code has_memory}, {@code has_normal_memory} (the mask checks
 *     judge their values);</li>
 * <li>each other online node's {@code distance}, exactly when it gains N's column as the fixture gives it;</li>
 * <li>{@code nodeI/accessK/targets/nodeN} under N's initiator I (HMAT links a target from its initiator);</li>
 * <li>memory tiers ({@code /sys/devices/virtual/memory_tiering}): the tier N joins gains it, or is created;</li>
 * <li>{@code /sys/kernel/mm/mempolicy/weighted_interleave/nodeN} (kernels that list memory nodes there);</li>
 * <li>{@code /proc/zoneinfo} rows of node N (its zones appear);</li>
 * <li>syscall cases whose node arguments name N (before: an offline node, after: a memory node);</li>
 * <li>in weighted-interleave auto mode (6.16+), every node's weight: the kernel recalculates them
 *     all when a node's bandwidth data arrives (Documentation/ABI/testing/sysfs-kernel-mm-mempolicy-weighted-interleave,
 *     {@code auto}); and interleaved pages landing elsewhere with the same outcome, where the
 *     contract predicts each side's placement from that side's weights ({@link InterleaveWeights}).</li>
 * </ul>
 * The last rule also holds after the memory is removed and when it is added again: removal brings
 * no new bandwidth data, so auto weights stay as the add left them (seen on 6.16.12 and 7.3.4).
 */
public final class EventDiff {
    private static final String NODE = "/sys/devices/system/node";
    private static final List<String> MASKS = List.of("online", "has_memory", "has_normal_memory");
    private static final Pattern NODE_ARGUMENTS = Pattern.compile("nodes|from|to|home");

    /** Across an add, the allow-list alone judges: what it permits needs no waiver. */
    private final SnapshotDiff addDiff = new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), true);
    private final SnapshotDiff diff;
    private final SyscallContract contract = SyscallContract.bundled();

    /** Without waivers: every difference outside the allow-list fails. */
    public EventDiff() {
        this(Waivers.none());
    }

    /**
     * @param waivers known kernel behaviour after hot-plug events (fixtures/hotplug-waivers.yaml),
     *                applied to the back-to-before diff: a waived finding does not fail, and is shown with its waiver
     */
    public EventDiff(Waivers waivers) {
        this.diff = new SnapshotDiff(AbiSpec.bundled(), waivers, true);
    }

    /** What a diff across an event found, split into what the allow-list permits and what it does not. */
    public record Judged(List<Finding> findings, List<Finding> expected, List<Finding> unexpected) {
        public Judged {
            findings = List.copyOf(findings);
            expected = List.copyOf(expected);
            unexpected = List.copyOf(unexpected);
        }
    }

    /** The diff from before memory arrived on {@code node} to after. */
    public Judged acrossAdd(Snapshot before, Snapshot after, int node, Topology topology) {
        Machine machine = new Machine(topology, SyscallFacts.of(topology), SyscallFacts.of(topology).withMemoryOn(node));
        DiffResult result = addDiff.compare(before, after);
        List<Finding> expected = new ArrayList<>();
        List<Finding> unexpected = new ArrayList<>();
        for (Finding finding : result.findings()) {
            boolean allowed = finding.paths().stream().allMatch(path -> allowed(path, node, topology, machine, before, after));
            if (allowed) {
                // Shown as information naming the allow-list, so the table reads "expected", not "regression".
                expected.add(finding.waivedBy("expected with new memory on node " + node + " (hot-plug allow-list)"));
            } else {
                unexpected.add(finding);
            }
        }
        List<Finding> all = new ArrayList<>(unexpected);
        all.addAll(expected);
        return new Judged(all, expected, unexpected);
    }

    /** The diff from before memory arrived to after it was removed: every finding not waived is unexpected. */
    public Judged backToBefore(Snapshot beforeAdd, Snapshot afterRemove) {
        return unchanged(beforeAdd, afterRemove, Optional.empty());
    }

    /**
     * The same on a guest of {@code topology}, where weighted-interleave auto mode may have
     * recalculated the weights when the memory arrived, and kept them after it left.
     */
    public Judged backToBefore(Snapshot beforeAdd, Snapshot afterRemove, Topology topology) {
        SyscallFacts boot = SyscallFacts.of(topology);
        return unchanged(beforeAdd, afterRemove, Optional.of(new Machine(topology, boot, boot)));
    }

    /** The diff between the first and the second time memory arrived on {@code node}: as {@link #backToBefore}. */
    public Judged sameAsBefore(Snapshot firstAdd, Snapshot secondAdd, Topology topology, int node) {
        SyscallFacts added = SyscallFacts.of(topology).withMemoryOn(node);
        return unchanged(firstAdd, secondAdd, Optional.of(new Machine(topology, added, added)));
    }

    /** The machine on either side of a diff: the catalog its cases came from (by id), and the facts each side had. */
    private record Machine(Map<String, SyscallCatalog.Entry> catalog, SyscallFacts before, SyscallFacts after) {
        Machine(Topology topology, SyscallFacts before, SyscallFacts after) {
            this(SyscallCatalog.byId(SyscallFacts.of(topology)), before, after);
        }
    }

    private Judged unchanged(Snapshot was, Snapshot now, Optional<Machine> machine) {
        DiffResult result = diff.compare(was, now);
        List<Finding> all = new ArrayList<>();
        List<Finding> expected = new ArrayList<>();
        List<Finding> unexpected = new ArrayList<>();
        for (Finding finding : result.findings()) {
            if (finding.waiver().isEmpty() && !finding.paths().isEmpty()
                    && finding.paths().stream().allMatch(path -> followsWeights(path, machine, was, now))) {
                finding = finding.waivedBy(AUTO_WEIGHTS);
            } else if (finding.waiver().isEmpty() && !finding.paths().isEmpty()
                    && finding.paths().stream().allMatch(path -> countWithinContract(path, machine, was, now))) {
                finding = finding.waivedBy(COUNT);
            }
            all.add(finding);
            (finding.waiver().isPresent() ? expected : unexpected).add(finding);
        }
        return new Judged(all, expected, unexpected);
    }

    private static final String COUNT = "a count the syscall contract leaves open (spec/syscalls.yaml: migrate_pages returns the"
            + " number of pages it could not move, >= 0), with every page of the case where it was";

    /**
     * A syscall case whose result differs between the sides, both results what the contract accepts
     * for that side's machine (a count such as migrate_pages' pages not moved), and its pages placed
     * alike: the process's other pages (not the case's) decide the count.
     */
    private boolean countWithinContract(String path, Optional<Machine> machine, Snapshot was, Snapshot now) {
        return syscallCase(path, machine, was, now).filter(c -> c.before().placedAlike(c.after())
                        && java.util.Objects.equals(c.before().errno(), c.after().errno()) && c.before().result() >= 0)
                .map(c -> contract.check(c.entry().call(), machine.get().before(), was.kernel().release(), c.before().result(),
                                c.before().errno()).isEmpty()
                        && contract.check(c.entry().call(), machine.get().after(), now.kernel().release(), c.after().result(),
                                c.after().errno()).isEmpty())
                .orElse(false);
    }

    private static final String AUTO_WEIGHTS = "weighted interleave in auto mode: the kernel recalculates every node's weight"
            + " when bandwidth data arrives, and pages follow the weights (Documentation/ABI/testing/"
            + "sysfs-kernel-mm-mempolicy-weighted-interleave)";

    /**
     * A node's weight that changed while both sides are in auto mode, or a syscall case with the
     * same outcome whose pages the contract places where they are from each side's weights.
     */
    private boolean followsWeights(String path, Optional<Machine> machine, Snapshot was, Snapshot now) {
        if (InterleaveWeights.isWeight(path)) {
            return InterleaveWeights.autoMode(was) && InterleaveWeights.autoMode(now);
        }
        return syscallCase(path, machine, was, now).filter(c -> c.before().result() == c.after().result()
                        && java.util.Objects.equals(c.before().errno(), c.after().errno()))
                .map(c -> InterleaveWeights.placementExplained(c.entry().call(), contract, machine.get().before(), was, c.before(),
                        machine.get().after(), now, c.after()))
                .orElse(false);
    }

    /** A catalog case (its path in a finding is its id) recorded on both sides of a diff. */
    private record CaseOnBothSides(SyscallCatalog.Entry entry, SyscallRecord before, SyscallRecord after) {
    }

    /** The case {@code path} names on both sides, where the catalog the cases came from is known and both recorded it. */
    private static Optional<CaseOnBothSides> syscallCase(String path, Optional<Machine> machine, Snapshot was, Snapshot now) {
        if (machine.isEmpty()) {
            return Optional.empty(); // which catalog the cases came from is unknown: no prediction
        }
        SyscallCatalog.Entry entry = machine.get().catalog().get(path);
        Optional<SyscallRecord> before = record(was, path);
        Optional<SyscallRecord> after = record(now, path);
        return entry == null || before.isEmpty() || after.isEmpty() ? Optional.empty()
                : Optional.of(new CaseOnBothSides(entry, before.get(), after.get()));
    }

    private static Optional<SyscallRecord> record(Snapshot snapshot, String id) {
        return snapshot.syscalls().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    private boolean allowed(String path, int node, Topology topology, Machine machine, Snapshot before, Snapshot after) {
        String own = NODE + "/node" + node;
        if (path.equals(own) || path.startsWith(own + "/")) {
            return true;
        }
        if (MASKS.stream().anyMatch(mask -> path.equals(NODE + "/" + mask))) {
            return true;
        }
        if (path.matches(Pattern.quote(NODE) + "/node[0-9]+/distance")) {
            return gainsColumn(path, node, topology, before, after);
        }
        int initiator = topology.node(node).flatMap(n -> n.initiator().isPresent()
                ? Optional.of(n.initiator().getAsInt()) : Optional.<Integer>empty()).orElse(node);
        if (path.matches(Pattern.quote(NODE + "/node" + initiator) + "/access[0-9]+/targets(/node" + node + ")?")) {
            return true;
        }
        if (path.startsWith("/sys/devices/virtual/memory_tiering/")) {
            return tierChangeOnlyAdds(path, node, before, after);
        }
        if (path.equals(InterleaveWeights.DIRECTORY + "/node" + node)) {
            return true;
        }
        if (followsWeights(path, Optional.of(machine), before, after) || countWithinContract(path, Optional.of(machine), before, after)) {
            return true;
        }
        if (path.startsWith("/proc/zoneinfo")) {
            // rows are named "node3/Normal/present" (ContentSplitter.zoneinfo)
            return Pattern.compile("/proc/zoneinfo\\W+node" + node + "/").matcher(path).lookingAt();
        }
        return syscallNamesNode(path, node, before);
    }

    /** The row of another node gains exactly N's distance (N is the highest online node, so it is last). */
    private static boolean gainsColumn(String path, int node, Topology topology, Snapshot before, Snapshot after) {
        Optional<String> was = new SnapshotView(before).value(path);
        Optional<String> now = new SnapshotView(after).value(path);
        int from = Integer.parseInt(path.replaceAll(".*/node([0-9]+)/distance", "$1"));
        if (was.isEmpty() || now.isEmpty() || topology.node(from).isEmpty()) {
            return false;
        }
        return now.get().strip().equals(was.get().strip() + " " + topology.distance(from, node));
    }

    /** A tier's nodelist may only gain the new node; a new tier may only hold it. */
    private static boolean tierChangeOnlyAdds(String path, int node, Snapshot before, Snapshot after) {
        if (!path.endsWith("/nodelist")) {
            return true; // the tier's directory itself: judged by its nodelist
        }
        SortedSet<Integer> was = nodes(new SnapshotView(before).value(path));
        SortedSet<Integer> now = nodes(new SnapshotView(after).value(path));
        SortedSet<Integer> expected = new TreeSet<>(was);
        expected.add(node);
        return now.equals(expected) || (was.equals(now) && !was.contains(node));
    }

    private static SortedSet<Integer> nodes(Optional<String> list) {
        try {
            return list.map(String::strip).map(NodeLists::parse).map(TreeSet::new).orElseGet(TreeSet::new);
        } catch (IllegalArgumentException malformed) {
            return new TreeSet<>(List.of(-1)); // never equal to a well-formed expectation
        }
    }

    /** A syscall case (its path in a finding is its id) whose node arguments name the new node. */
    private static boolean syscallNamesNode(String id, int node, Snapshot before) {
        for (SyscallRecord record : before.syscalls()) {
            if (record.id().equals(id)) {
                for (Map.Entry<String, String> arg : record.args().entrySet()) {
                    if (NODE_ARGUMENTS.matcher(arg.getKey()).matches() && mentions(arg.getValue(), node)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean mentions(String list, int node) {
        for (String part : list.split(",")) {
            if (part.strip().equals(String.valueOf(node))) {
                return true;
            }
        }
        return false;
    }
}
