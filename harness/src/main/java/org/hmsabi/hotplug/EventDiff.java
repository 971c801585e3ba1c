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
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.spec.AbiSpec;
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
 * <li>syscall cases whose node arguments name N (before: an offline node, after: a memory node).</li>
 * </ul>
 */
public final class EventDiff {
    private static final String NODE = "/sys/devices/system/node";
    private static final List<String> MASKS = List.of("online", "has_memory", "has_normal_memory");
    private static final Pattern NODE_ARGUMENTS = Pattern.compile("nodes|from|to|home");

    /** Across an add, the allow-list alone judges: what it permits needs no waiver. */
    private final SnapshotDiff addDiff = new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), true);
    private final SnapshotDiff diff;

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
        DiffResult result = addDiff.compare(before, after);
        List<Finding> expected = new ArrayList<>();
        List<Finding> unexpected = new ArrayList<>();
        for (Finding finding : result.findings()) {
            boolean allowed = finding.paths().stream().allMatch(path -> allowed(path, node, topology, before, after));
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
        DiffResult result = diff.compare(beforeAdd, afterRemove);
        List<Finding> waived = result.findings().stream().filter(finding -> finding.waiver().isPresent()).toList();
        List<Finding> unexpected = result.findings().stream().filter(finding -> finding.waiver().isEmpty()).toList();
        return new Judged(result.findings(), waived, unexpected);
    }

    boolean allowed(String path, int node, Topology topology, Snapshot before, Snapshot after) {
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
        if (path.equals("/sys/kernel/mm/mempolicy/weighted_interleave/node" + node)) {
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
