package org.hmsabi.hotplug;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hmsabi.diff.Finding;
import org.hmsabi.guest.AgentSession;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.check.CheckResult;
import org.hmsabi.check.CheckResult.Status;
import org.hmsabi.model.Entry;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.spec.MempolicyCall;
import org.hmsabi.spec.MempolicyMode;
import org.hmsabi.spec.MempolicyNodeMask;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.topology.HmatDataType;
import org.hmsabi.topology.HmatEntry;
import org.hmsabi.topology.MemoryHierarchy;
import org.hmsabi.topology.NodeLists;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Quantities;
import org.hmsabi.topology.Topology;

/**
 * The checks on memory that just arrived on a node, whoever brought it (a hot-plugged DIMM, a
 * virtio-mem resize, a vendor driver): the node masks, its MemTotal, its memory blocks, the
 * memory tier it joined, its HMAT access classes against the fixture, the mempolicy contract on
 * it (BIND and move_pages land every page there), and the ABI diff against the state before,
 * judged by {@link EventDiff}'s allow-list. Each check is one {@link CheckResult} of suite
 * {@value #SUITE}, named {@code <label>: <check>}.
 */
public final class NewMemoryChecks {
    public static final String SUITE = "hotplug";
    private static final String NODE = "/sys/devices/system/node";
    private static final int PAGES = 16;

    private NewMemoryChecks() {
    }

    /** The checks, labelled {@code node N}. */
    public static List<CheckResult> run(AgentSession session, Topology topology, int node, long expectedBytes,
                                        NodeState before, NodeState after) {
        return run("node " + node, session, topology, node, expectedBytes, before, after, new EventDiff());
    }

    /**
     * @param label         how the check names start, e.g. the event ({@code dimm0 add 256M to node 3})
     * @param expectedBytes the memory that should have arrived on {@code node}
     * @param before        the guest before the memory arrived
     * @param after         the guest now, with the memory online
     * @param eventDiff     judges the ABI diff (with the hot-plug waivers, if any)
     */
    public static List<CheckResult> run(String label, AgentSession session, Topology topology, int node, long expectedBytes,
                                        NodeState before, NodeState after, EventDiff eventDiff) {
        String kernel = after.snapshot().kernel().reference();
        Checks checks = new Checks(label, kernel);
        GuestMemory memory = new GuestMemory(session);
        List<GuestMemory.Block> blocks = memory.blocks(node);
        masks(checks, node, blocks, before, after);
        memTotal(checks, node, expectedBytes, before, after);
        blocks(checks, node, expectedBytes, memory.blockSizeBytes(), blocks);
        tier(checks, node, after);
        access(checks, node, topology, after);
        distance(checks, node, topology, after);
        contract(checks, node, new MempolicyClient(session));
        EventDiff.Judged diff = eventDiff.acrossAdd(before.snapshot(), after.snapshot(), node, topology);
        checks.add("abi diff before/after", diff.unexpected().isEmpty(),
                diff.unexpected().isEmpty()
                        ? diff.expected().size() + " finding(s), all on the allow-list (node " + node + "'s entries, masks, tiers)"
                                + waivedNote(diff.findings())
                        : diff.unexpected().size() + " finding(s) outside the allow-list: " + oneLine(diff.unexpected()),
                Optional.of(diff.findings()));
        return checks.results();
    }

    /** The same memory added a second time in one boot: the tree is the one the first add gave. */
    public static CheckResult sameAsBefore(String label, Topology topology, NodeState firstAdd, NodeState secondAdd,
                                           EventDiff eventDiff) {
        EventDiff.Judged diff = eventDiff.sameAsBefore(firstAdd.snapshot(), secondAdd.snapshot(), topology, firstAdd.node());
        Checks checks = new Checks(label, secondAdd.snapshot().kernel().reference());
        checks.add("the node as the first time", diff.unexpected().isEmpty(),
                diff.unexpected().isEmpty() ? "no differences from the snapshot after the first add" + waivedNote(diff.findings())
                        : diff.unexpected().size() + " difference(s) from the first time: " + oneLine(diff.unexpected()),
                Optional.of(diff.findings()));
        return checks.results().get(0);
    }

    /** After the memory left again: the tree is the one from before it arrived. */
    public static CheckResult backToBefore(String label, Topology topology, NodeState beforeAdd, NodeState afterRemove,
                                           EventDiff eventDiff) {
        EventDiff.Judged diff = eventDiff.backToBefore(beforeAdd.snapshot(), afterRemove.snapshot(), topology);
        Checks checks = new Checks(label, afterRemove.snapshot().kernel().reference());
        checks.add("back to the state before", diff.unexpected().isEmpty(),
                diff.unexpected().isEmpty() ? "no differences from the snapshot before the memory arrived" + waivedNote(diff.findings())
                        : diff.unexpected().size() + " difference(s) remain: " + oneLine(diff.unexpected()),
                Optional.of(diff.findings()));
        return checks.results().get(0);
    }

    private static void masks(Checks checks, int node, List<GuestMemory.Block> blocks, NodeState before, NodeState after) {
        boolean normal = blocks.stream().anyMatch(block -> block.zone().equals("Normal"));
        List<String> wrong = new ArrayList<>();
        Map<String, Boolean> gains = Map.of("possible", false, "online", true, "has_memory", true, "has_normal_memory", normal);
        for (String mask : List.of("possible", "online", "has_memory", "has_normal_memory")) {
            SortedSet<Integer> was = mask(before, mask);
            SortedSet<Integer> expected = new TreeSet<>(was);
            if (gains.get(mask) || mask.equals("possible")) {
                expected.add(node);
            }
            SortedSet<Integer> now = mask(after, mask);
            if (!now.equals(expected)) {
                wrong.add(mask + " is " + NodeLists.format(now) + ", expected " + NodeLists.format(expected)
                        + " (was " + NodeLists.format(was) + ")");
            }
        }
        checks.add("node masks", wrong.isEmpty(), wrong.isEmpty()
                ? "node " + node + " is possible, online, has memory" + (normal ? " and normal memory" : " (movable only)")
                : String.join("; ", wrong), Optional.empty());
    }

    private static void memTotal(Checks checks, int node, long expectedBytes, NodeState before, NodeState after) {
        long grew = after.memTotalBytes() - before.memTotalBytes();
        checks.add("meminfo MemTotal", grew == expectedBytes, grew == expectedBytes
                ? "node" + node + " MemTotal grew by " + Quantities.formatBytes(grew)
                : "node" + node + " MemTotal grew by " + grew + " bytes, expected " + expectedBytes + " (difference "
                        + (grew - expectedBytes) + " bytes)", Optional.empty());
    }

    private static void blocks(Checks checks, int node, long expectedBytes, long blockSize, List<GuestMemory.Block> blocks) {
        long expected = expectedBytes / blockSize;
        List<String> offline = blocks.stream().filter(block -> !block.isOnline()).map(block -> "memory" + block.index()).toList();
        String zones = blocks.stream().map(GuestMemory.Block::zone).distinct().sorted().collect(Collectors.joining(","));
        boolean ok = blocks.size() == expected && offline.isEmpty();
        checks.add("memory blocks", ok, ok
                ? expected + " block(s) of " + Quantities.formatBytes(blockSize) + " online, zone " + zones
                : blocks.size() + " block(s), expected " + expected + " of " + Quantities.formatBytes(blockSize)
                        + (offline.isEmpty() ? "" : "; offline: " + offline) + "; zones " + zones, Optional.empty());
    }

    private static void tier(Checks checks, int node, NodeState after) {
        SnapshotView view = new SnapshotView(after.snapshot());
        List<String> tiers = new ArrayList<>();
        boolean anyTier = false;
        for (String path : view.entries().keySet()) {
            if (path.matches("/sys/devices/virtual/memory_tiering/memory_tier[0-9]+/nodelist")) {
                anyTier = true;
                if (nodes(view.value(path)).contains(node)) {
                    tiers.add(path.replaceAll(".*/(memory_tier[0-9]+)/nodelist", "$1"));
                }
            }
        }
        if (!anyTier) {
            checks.skip("memory tier", "this kernel has no memory tiers");
            return;
        }
        checks.add("memory tier", tiers.size() == 1, tiers.size() == 1 ? "node " + node + " joined " + tiers.get(0)
                : "node " + node + " is in " + tiers.size() + " memory tiers " + tiers + ", expected exactly one", Optional.empty());
    }

    /** Like the fixture checks of the conformance suites: the attached initiator's HMAT figures, in access0 and access1. */
    private static void access(Checks checks, int node, Topology topology, NodeState after) {
        Optional<NumaNode> target = topology.node(node);
        int initiator = target.map(n -> n.initiator().orElse(node)).orElse(node);
        Optional<HmatEntry> entry = topology.hmat().stream()
                .filter(e -> e.hierarchy() == MemoryHierarchy.MEMORY && e.initiator() == initiator && e.target() == node)
                .findFirst();
        if (entry.isEmpty()) {
            checks.skip("access0/access1", "the fixture describes no HMAT figures for initiator " + initiator + " -> node " + node);
            return;
        }
        SnapshotView view = new SnapshotView(after.snapshot());
        List<String> wrong = new ArrayList<>();
        for (String access : List.of("access0", "access1")) {
            String dir = NODE + "/node" + node + "/" + access + "/initiators";
            entry.get().performance().values().forEach((type, value) -> {
                for (String attribute : type.sysfsAttributes()) {
                    Optional<String> seen = view.value(dir + "/" + attribute);
                    if (!seen.map(String::strip).equals(Optional.of(String.valueOf(value)))) {
                        wrong.add(access + "/initiators/" + attribute + " is " + seen.map(String::strip).orElse("absent")
                                + ", the fixture says " + value);
                    }
                }
            });
            String link = dir + "/node" + initiator;
            if (!(view.entries().get(link) instanceof Entry.Link)) {
                wrong.add(access + "/initiators/node" + initiator + " is absent");
            }
        }
        checks.add("access0/access1", wrong.isEmpty(), wrong.isEmpty()
                ? "initiator " + initiator + " with the fixture's latency and bandwidth in access0 and access1"
                : String.join("; ", wrong), Optional.empty());
    }

    private static void distance(Checks checks, int node, Topology topology, NodeState after) {
        SnapshotView view = new SnapshotView(after.snapshot());
        SortedSet<Integer> online = mask(after, "online");
        String expected = online.stream().map(to -> String.valueOf(topology.distance(node, to))).collect(Collectors.joining(" "));
        Optional<String> seen = view.value(NODE + "/node" + node + "/distance").map(String::strip);
        checks.add("distance", seen.equals(Optional.of(expected)), "node" + node + "/distance is " + seen.orElse("absent")
                + (seen.equals(Optional.of(expected)) ? "" : ", the fixture says " + expected), Optional.empty());
    }

    /** mbind(MPOL_BIND) to the node and touch: every page there; move_pages to it: every page reported there. */
    private static void contract(Checks checks, int node, MempolicyClient client) {
        SyscallCase bind = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(node).withPages(PAGES).touched();
        SyscallCase move = SyscallCase.of(MempolicyCall.MOVE_PAGES).withPages(PAGES).prefaulted()
                .withTo(MempolicyNodeMask.of(node));
        List<MempolicyOutcome> outcomes = client.run(List.of(bind, move));
        MempolicyOutcome bound = outcomes.get(0);
        boolean bindOk = bound.isClean() && bound.result() == 0 && bound.pages().size() == PAGES
                && bound.pages().stream().allMatch(page -> page == node);
        checks.add("mbind BIND", bindOk, bindOk ? PAGES + " pages bound to node " + node + " all landed there"
                : "mbind(BIND, [" + node + "]) then touch: " + describe(bound) + "; pages " + bound.pages(), Optional.empty());
        MempolicyOutcome moved = outcomes.get(1);
        boolean moveOk = moved.isClean() && moved.result() == 0 && moved.status().size() == PAGES
                && moved.status().stream().allMatch(status -> status == node);
        checks.add("move_pages", moveOk, moveOk ? PAGES + " pages moved to node " + node + ", status " + node + " for each"
                : "move_pages(to " + node + "): " + describe(moved) + "; status " + moved.status(), Optional.empty());
    }

    private static String describe(MempolicyOutcome outcome) {
        return outcome.problem().map(problem -> "no clean call: " + problem)
                .orElse("result " + outcome.result() + outcome.errno().map(errno -> " " + errno).orElse(""));
    }


    private static SortedSet<Integer> mask(NodeState state, String name) {
        return nodes(new SnapshotView(state.snapshot()).value(NODE + "/" + name));
    }

    private static SortedSet<Integer> nodes(Optional<String> list) {
        try {
            return list.map(String::strip).map(NodeLists::parse).map(TreeSet::new).orElseGet(TreeSet::new);
        } catch (IllegalArgumentException malformed) {
            return new TreeSet<>(List.of(-1));
        }
    }

    /** Waived findings are never silent: the message names them. */
    /** Names what passed only because it was expected: the allow-list's findings, then the waived ones. */
    private static String waivedNote(List<Finding> findings) {
        List<Finding> excused = findings.stream().filter(finding -> finding.waiver().isPresent()).toList();
        return excused.isEmpty() ? "" : "; expected or waived: " + oneLine(excused) + " (" + excused.get(0).waiver().get() + ")";
    }

    static String oneLine(List<Finding> findings) {
        return findings.stream().limit(5).map(finding -> finding.kind() + " " + finding.subject()
                + finding.baseline().map(value -> " was " + GuestMemory.bounded(value.strip())).orElse("")
                + finding.candidate().map(value -> " now " + GuestMemory.bounded(value.strip())).orElse(""))
                .collect(Collectors.joining("; ")) + (findings.size() > 5 ? "; and " + (findings.size() - 5) + " more" : "");
    }

    /** Collects results under one label and kernel. */
    static final class Checks {
        private final String label;
        private final String kernel;
        private final List<CheckResult> results = new ArrayList<>();

        Checks(String label, String kernel) {
            this.label = label;
            this.kernel = kernel;
        }

        void add(String check, boolean passed, String message, Optional<List<Finding>> diff) {
            results.add(new CheckResult(SUITE, label + ": " + check, kernel, passed ? Status.PASSED : Status.FAILED,
                    Optional.of(message), diff));
        }

        void skip(String check, String reason) {
            results.add(new CheckResult(SUITE, label + ": " + check, kernel, Status.SKIPPED, Optional.of(reason)));
        }

        List<CheckResult> results() {
            return List.copyOf(results);
        }
    }
}
