package org.hmsabi.spec;

import static org.hmsabi.spec.MempolicyCall.GET_MEMPOLICY;
import static org.hmsabi.spec.MempolicyCall.MBIND;
import static org.hmsabi.spec.MempolicyCall.MIGRATE_PAGES;
import static org.hmsabi.spec.MempolicyCall.MOVE_PAGES;
import static org.hmsabi.spec.MempolicyCall.SET_MEMPOLICY;
import static org.hmsabi.spec.MempolicyCall.SET_MEMPOLICY_HOME_NODE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fixed list of contract cases a snapshot records, derived from the machine's nodes: a CPU
 * node, a memory-only node (when there is one), an offline id and an id beyond MAX_NUMNODES,
 * crossed with every call, mode and flag. The same topology always gives the same list, in the
 * same order, with the same ids, so golden files and the cross-version diff can pair records.
 */
public final class SyscallCatalog {

    /** A case with its stable id and whether its page placement is deterministic (worth recording). */
    public record Entry(String id, SyscallCase call, boolean placementIsDeterministic) {
    }

    private static final Set<MempolicyMode> PLACING_MODES =
            Set.of(MempolicyMode.BIND, MempolicyMode.PREFERRED, MempolicyMode.INTERLEAVE,
                    MempolicyMode.PREFERRED_MANY, MempolicyMode.WEIGHTED_INTERLEAVE);

    private static final String BUNDLED = "/org/hmsabi/spec/data/catalog.yaml";

    private SyscallCatalog() {
    }

    /** spec/catalog.yaml as the harness ships it, read once. */
    private static final class Bundled {
        static final CatalogFile FILE = read();

        private static CatalogFile read() {
            try (java.io.InputStream in = SyscallCatalog.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new org.hmsabi.InfrastructureException("the harness jar lacks spec/catalog.yaml; rebuild it with 'mvn -pl harness package'");
                }
                return CatalogFile.parse(in, "spec/catalog.yaml");
            } catch (java.io.IOException e) {
                throw new org.hmsabi.InfrastructureException("cannot read the bundled syscall catalog: " + e.getMessage(), e);
            }
        }
    }

    /** The catalog as spec/catalog.yaml expands on this machine. */
    static List<Entry> fromCatalogFile(SyscallFacts facts) {
        return Bundled.FILE.expand(facts).stream().map(c -> new Entry(c.id(), c.call(), c.deterministic())).toList();
    }

    /** Node ids by kind: every kind the facts have, in a fixed order. */
    public static Map<String, MaskChoice> maskKinds(SyscallFacts facts) {
        Map<String, MaskChoice> kinds = new LinkedHashMap<>();
        int cpuNode = facts.memoryNodes().first();
        kinds.put("empty", new MaskChoice(MempolicyNodeMask.EMPTY, SyscallCase.FULL_MAXNODE));
        kinds.put("null", new MaskChoice(MempolicyNodeMask.NULL, SyscallCase.FULL_MAXNODE));
        kinds.put("cpu-node", new MaskChoice(MempolicyNodeMask.of(cpuNode), SyscallCase.FULL_MAXNODE));
        memoryOnlyNode(facts).ifPresent(node -> {
            kinds.put("memory-only-node", new MaskChoice(MempolicyNodeMask.of(node), SyscallCase.FULL_MAXNODE));
            // maxnode = node + 1 reads bits 0 .. node - 1: the node itself falls off (the classic off-by-one).
            kinds.put("short-maxnode", new MaskChoice(MempolicyNodeMask.of(node), node + 1L));
        });
        kinds.put("offline-node", new MaskChoice(MempolicyNodeMask.of(offlineNode(facts)), SyscallCase.FULL_MAXNODE));
        kinds.put("cpu-and-offline", new MaskChoice(MempolicyNodeMask.of(cpuNode, offlineNode(facts)), SyscallCase.FULL_MAXNODE));
        kinds.put("beyond-max-numnodes", new MaskChoice(MempolicyNodeMask.of(SyscallFacts.MAX_NUMNODES), 2 * SyscallFacts.MAX_NUMNODES + 1L));
        kinds.put("maxnode-zero", new MaskChoice(MempolicyNodeMask.of(cpuNode), 0));
        kinds.put("maxnode-too-large", new MaskChoice(MempolicyNodeMask.of(cpuNode), 4096L * 8 + 2));
        return kinds;
    }

    /** A node mask and the maxnode it is passed with. */
    public record MaskChoice(MempolicyNodeMask mask, long maxnode) {
    }

    public static java.util.Optional<Integer> memoryOnlyNode(SyscallFacts facts) {
        // The facts do not know CPUs; the highest memory node is memory-only on every shipped HMS fixture.
        return facts.memoryNodes().size() > 1 ? java.util.Optional.of(facts.memoryNodes().last()) : java.util.Optional.empty();
    }

    /** The lowest id below MAX_NUMNODES that is not a node of the machine. */
    public static int offlineNode(SyscallFacts facts) {
        int id = 0;
        while (facts.onlineNodes().contains(id)) {
            id++;
        }
        return id;
    }

    public static List<Entry> forMachine(SyscallFacts facts) {
        List<Entry> entries = new ArrayList<>();
        Map<String, MaskChoice> kinds = maskKinds(facts);
        int cpuNode = facts.memoryNodes().first();
        int target = memoryOnlyNode(facts).orElse(cpuNode);
        for (MempolicyCall call : List.of(MBIND, SET_MEMPOLICY)) {
            for (MempolicyMode mode : MempolicyMode.values()) {
                kinds.forEach((kind, choice) -> {
                    SyscallCase c = SyscallCase.of(call).withMode(mode).withNodes(choice.mask()).withMaxnode(choice.maxnode()).touched();
                    boolean deterministic = PLACING_MODES.contains(mode) && choice.mask().nodes().size() == 1;
                    entries.add(new Entry(call.kernelName() + "/" + mode + "/" + kind, c, deterministic));
                });
            }
            SyscallCase bindTarget = SyscallCase.of(call).withMode(MempolicyMode.BIND).withNodes(target).touched();
            entries.add(flagged(call, "BIND|STATIC_NODES", bindTarget.withMode(MempolicyMode.BIND, MempolicyFlag.STATIC_NODES), true));
            entries.add(flagged(call, "BIND|RELATIVE_NODES", bindTarget.withMode(MempolicyMode.BIND, MempolicyFlag.RELATIVE_NODES), false));
            entries.add(flagged(call, "BIND|STATIC_NODES|RELATIVE_NODES",
                    bindTarget.withMode(MempolicyMode.BIND, MempolicyFlag.STATIC_NODES, MempolicyFlag.RELATIVE_NODES), false));
            entries.add(flagged(call, "BIND|NUMA_BALANCING", bindTarget.withMode(MempolicyMode.BIND, MempolicyFlag.NUMA_BALANCING), true));
            entries.add(flagged(call, "PREFERRED_MANY|NUMA_BALANCING",
                    bindTarget.withMode(MempolicyMode.PREFERRED_MANY, MempolicyFlag.NUMA_BALANCING), true));
            entries.add(flagged(call, "INTERLEAVE|NUMA_BALANCING",
                    bindTarget.withMode(MempolicyMode.INTERLEAVE, MempolicyFlag.NUMA_BALANCING), false));
            entries.add(flagged(call, "BIND|RELATIVE_NODES/offline-node",
                    bindTarget.withMode(MempolicyMode.BIND, MempolicyFlag.RELATIVE_NODES).withNodes(offlineNode(facts)), false));
            entries.add(flagged(call, "PREFERRED|STATIC_NODES/empty",
                    SyscallCase.of(call).withMode(MempolicyMode.PREFERRED, MempolicyFlag.STATIC_NODES), false));
            entries.add(flagged(call, "LOCAL|STATIC_NODES/empty",
                    SyscallCase.of(call).withMode(MempolicyMode.LOCAL, MempolicyFlag.STATIC_NODES), false));
        }
        addMbindFlagsAndRanges(entries, target);
        addInterleavePlacement(entries, facts);
        addGetMempolicy(entries, facts, target);
        addMigration(entries, facts, cpuNode, target);
        addHomeNode(entries, facts, cpuNode, target);
        return entries;
    }

    private static Entry flagged(MempolicyCall call, String what, SyscallCase c, boolean deterministic) {
        return new Entry(call.kernelName() + "/" + what, c, deterministic);
    }

    private static void addMbindFlagsAndRanges(List<Entry> entries, int target) {
        SyscallCase bind = SyscallCase.of(MBIND).withMode(MempolicyMode.BIND).withNodes(target);
        for (MempolicyFlag flag : List.of(MempolicyFlag.MF_STRICT, MempolicyFlag.MF_MOVE, MempolicyFlag.MF_MOVE_ALL, MempolicyFlag.MF_LAZY)) {
            // Pages touched first, so MOVE has something to move; STRICT alone on misplaced pages
            // would be EIO, which depends on where the default policy put them: not prefaulted.
            SyscallCase c = flag == MempolicyFlag.MF_STRICT ? bind.withFlags(flag) : bind.withFlags(flag).prefaulted();
            entries.add(new Entry("mbind/BIND/flags=" + flag, c, flag != MempolicyFlag.MF_STRICT));
        }
        // Pages already on the agent's node, then a policy elsewhere: STRICT alone is EIO and leaves
        // them there, with MOVE they follow the policy (target is the agent's node only on a
        // one-node machine, where nothing is misplaced and both return 0).
        entries.add(new Entry("mbind/BIND/flags=MF_STRICT/misplaced", bind.withFlags(MempolicyFlag.MF_STRICT).prefaulted(), true));
        entries.add(new Entry("mbind/BIND/flags=MF_STRICT|MF_MOVE/misplaced",
                bind.withFlags(MempolicyFlag.MF_STRICT, MempolicyFlag.MF_MOVE).prefaulted(), true));
        for (MempolicyAddress addr : List.of(MempolicyAddress.NULL, MempolicyAddress.UNALIGNED, MempolicyAddress.UNMAPPED)) {
            entries.add(new Entry("mbind/BIND/addr=" + addr.agentText(), bind.withAddr(addr), false));
            entries.add(new Entry("mbind/DEFAULT/addr=" + addr.agentText(), SyscallCase.of(MBIND).withAddr(addr), false));
        }
        entries.add(new Entry("mbind/BIND/pages=0", bind.withPages(0), false));
        entries.add(new Entry("mbind/BIND/empty/pages=0", SyscallCase.of(MBIND).withMode(MempolicyMode.BIND).withPages(0), false));
    }

    /** Interleave over every memory node from a fresh mapping at the agent's fixed address. */
    private static void addInterleavePlacement(List<Entry> entries, SyscallFacts facts) {
        List<Integer> all = List.copyOf(facts.memoryNodes());
        int pages = Math.max(8, 2 * all.size());
        for (MempolicyMode mode : List.of(MempolicyMode.INTERLEAVE, MempolicyMode.WEIGHTED_INTERLEAVE)) {
            for (MempolicyCall call : List.of(MBIND, SET_MEMPOLICY)) {
                entries.add(new Entry(call.kernelName() + "/" + mode + "/all-memory-nodes",
                        SyscallCase.of(call).withMode(mode).withNodes(MempolicyNodeMask.of(all)).withPages(pages).touched(), true));
            }
        }
    }

    private static void addGetMempolicy(List<Entry> entries, SyscallFacts facts, int target) {
        SyscallCase get = SyscallCase.of(GET_MEMPOLICY);
        int possible = facts.possibleNodes();
        entries.add(new Entry("get_mempolicy/default", get, false));
        entries.add(new Entry("get_mempolicy/maxnode=possible", get.withMaxnode(possible), false));
        entries.add(new Entry("get_mempolicy/maxnode=possible-1", get.withMaxnode(possible - 1L), false));
        entries.add(new Entry("get_mempolicy/maxnode=0", get.withMaxnode(0), false));
        entries.add(new Entry("get_mempolicy/maxnode=0/nodes=null", get.withMaxnode(0).withNodes(MempolicyNodeMask.NULL), false));
        entries.add(new Entry("get_mempolicy/maxnode-too-large", get.withMaxnode(4096L * 8 + 66), false));
        entries.add(new Entry("get_mempolicy/policy=null", get.withNodes(MempolicyNodeMask.NULL), false));
        for (MempolicyMode mode : List.of(MempolicyMode.BIND, MempolicyMode.INTERLEAVE, MempolicyMode.PREFERRED, MempolicyMode.PREFERRED_MANY)) {
            entries.add(new Entry("get_mempolicy/thread=" + mode, get.withPrelude(MempolicyPrelude.thread(mode, target)), false));
            entries.add(new Entry("get_mempolicy/F_NODE/thread=" + mode,
                    get.withFlags(MempolicyFlag.F_NODE).withPrelude(MempolicyPrelude.thread(mode, target)), false));
            entries.add(new Entry("get_mempolicy/F_ADDR/range=" + mode,
                    get.withFlags(MempolicyFlag.F_ADDR).withPrelude(MempolicyPrelude.range(mode, target)), false));
        }
        entries.add(new Entry("get_mempolicy/F_NODE", get.withFlags(MempolicyFlag.F_NODE), false));
        entries.add(new Entry("get_mempolicy/F_NODE|F_ADDR/range=BIND",
                get.withFlags(MempolicyFlag.F_NODE, MempolicyFlag.F_ADDR).withPrelude(MempolicyPrelude.range(MempolicyMode.BIND, target)).prefaulted(), true));
        entries.add(new Entry("get_mempolicy/F_ADDR/addr=null", get.withFlags(MempolicyFlag.F_ADDR).withAddr(MempolicyAddress.NULL), false));
        entries.add(new Entry("get_mempolicy/F_NODE|F_ADDR/addr=null",
                get.withFlags(MempolicyFlag.F_NODE, MempolicyFlag.F_ADDR).withAddr(MempolicyAddress.NULL), false));
        entries.add(new Entry("get_mempolicy/F_ADDR/addr=unmapped", get.withFlags(MempolicyFlag.F_ADDR).withAddr(MempolicyAddress.UNMAPPED), false));
        entries.add(new Entry("get_mempolicy/addr=unmapped", get.withAddr(MempolicyAddress.UNMAPPED), false));
        entries.add(new Entry("get_mempolicy/F_MEMS_ALLOWED", get.withFlags(MempolicyFlag.F_MEMS_ALLOWED), false));
        entries.add(new Entry("get_mempolicy/F_MEMS_ALLOWED|F_NODE", get.withFlags(MempolicyFlag.F_MEMS_ALLOWED, MempolicyFlag.F_NODE), false));
        entries.add(new Entry("get_mempolicy/flags=bit3", get.withFlags(MempolicyFlag.MF_LAZY), false));
    }

    private static void addMigration(List<Entry> entries, SyscallFacts facts, int cpuNode, int target) {
        SyscallCase move = SyscallCase.of(MOVE_PAGES);
        entries.add(new Entry("move_pages/query", move, true));
        entries.add(new Entry("move_pages/to=target", move.withTo(MempolicyNodeMask.of(target)), true));
        entries.add(new Entry("move_pages/to=target/MF_MOVE", move.withTo(MempolicyNodeMask.of(target)).withFlags(MempolicyFlag.MF_MOVE), true));
        entries.add(new Entry("move_pages/to=target/MF_MOVE_ALL", move.withTo(MempolicyNodeMask.of(target)).withFlags(MempolicyFlag.MF_MOVE_ALL), true));
        entries.add(new Entry("move_pages/flags=MF_LAZY", move.withTo(MempolicyNodeMask.of(target)).withFlags(MempolicyFlag.MF_LAZY), false));
        entries.add(new Entry("move_pages/to=offline-node", move.withTo(MempolicyNodeMask.of(offlineNode(facts))), false));
        entries.add(new Entry("move_pages/to=beyond-max-numnodes", move.withTo(MempolicyNodeMask.of(SyscallFacts.MAX_NUMNODES)), false));
        entries.add(new Entry("move_pages/pid=none", move.withTo(MempolicyNodeMask.of(target)).withNoSuchProcess(), false));
        SyscallCase migrate = SyscallCase.of(MIGRATE_PAGES).withPages(0);
        entries.add(new Entry("migrate_pages/from=empty", migrate.withTo(MempolicyNodeMask.of(target)), false));
        entries.add(new Entry("migrate_pages/to=empty", migrate.withFrom(MempolicyNodeMask.of(cpuNode)).withTo(MempolicyNodeMask.EMPTY), false));
        entries.add(new Entry("migrate_pages/to=offline-node",
                migrate.withFrom(MempolicyNodeMask.of(cpuNode)).withTo(MempolicyNodeMask.of(offlineNode(facts))), false));
        entries.add(new Entry("migrate_pages/to=beyond-max-numnodes", migrate.withFrom(MempolicyNodeMask.of(cpuNode))
                .withTo(MempolicyNodeMask.of(SyscallFacts.MAX_NUMNODES)).withMaxnode(2 * SyscallFacts.MAX_NUMNODES + 1L), false));
        entries.add(new Entry("migrate_pages/pid=none",
                migrate.withFrom(MempolicyNodeMask.of(target)).withTo(MempolicyNodeMask.of(target)).withNoSuchProcess(), false));
        entries.add(new Entry("migrate_pages/same-node",
                migrate.withFrom(MempolicyNodeMask.of(target)).withTo(MempolicyNodeMask.of(target)), false));
    }

    private static void addHomeNode(List<Entry> entries, SyscallFacts facts, int cpuNode, int target) {
        SyscallCase home = SyscallCase.of(SET_MEMPOLICY_HOME_NODE).withHome(cpuNode);
        for (MempolicyMode mode : List.of(MempolicyMode.DEFAULT, MempolicyMode.BIND, MempolicyMode.PREFERRED_MANY,
                MempolicyMode.INTERLEAVE, MempolicyMode.PREFERRED)) {
            MempolicyPrelude prelude = mode == MempolicyMode.DEFAULT ? MempolicyPrelude.range(mode) : MempolicyPrelude.range(mode, target);
            entries.add(new Entry("set_mempolicy_home_node/range=" + mode, home.withPrelude(prelude), false));
        }
        SyscallCase bound = home.withPrelude(MempolicyPrelude.range(MempolicyMode.BIND, target));
        entries.add(new Entry("set_mempolicy_home_node/no-policy", home, false));
        entries.add(new Entry("set_mempolicy_home_node/home=memory-only", bound.withHome(target), false));
        entries.add(new Entry("set_mempolicy_home_node/home=offline", bound.withHome(offlineNode(facts)), false));
        entries.add(new Entry("set_mempolicy_home_node/home=beyond-max-numnodes", bound.withHome(SyscallFacts.MAX_NUMNODES), false));
        entries.add(new Entry("set_mempolicy_home_node/flags=1", bound.withFlags(MempolicyFlag.MF_STRICT), false));
        entries.add(new Entry("set_mempolicy_home_node/addr=unaligned", bound.withAddr(MempolicyAddress.UNALIGNED), false));
        entries.add(new Entry("set_mempolicy_home_node/addr=null", home.withAddr(MempolicyAddress.NULL), false));
        entries.add(new Entry("set_mempolicy_home_node/pages=0", bound.withPages(0), false));
    }
}
