package org.hmsabi.spec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hmsabi.kernel.KernelVersion;

/**
 * Seeded mempolicy cases beyond the fixed catalog, for {@code hmsabi check --suite syscalls}:
 * every call with its arguments drawn from the kinds the contract distinguishes (mask kinds,
 * maxnode around the possible-node count and past a page, bad addresses, preludes, pids, home
 * nodes), the same kinds as the suites' contract properties. The same seed, facts and kernel
 * give the same cases, so a failing run is replayed with its printed seed.
 */
public final class SyscallCaseGenerator {
    private final SplittableRandom random;
    private final SyscallFacts facts;
    private final KernelVersion kernel;
    private final List<Integer> memoryNodes;

    public SyscallCaseGenerator(long seed, SyscallFacts facts, KernelVersion kernel) {
        this.random = new SplittableRandom(seed);
        this.facts = facts;
        this.kernel = kernel;
        this.memoryNodes = List.copyOf(facts.memoryNodes());
        if (memoryNodes.isEmpty()) {
            throw new IllegalArgumentException("a machine without memory nodes has no mempolicy cases");
        }
    }

    /** The next {@code count} cases. */
    public List<SyscallCase> next(int count) {
        List<SyscallCase> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cases.add(next());
        }
        return cases;
    }

    /**
     * The calls, weighted: migrate_pages moves every page of the agent and waits for every vCPU
     * (lru_cache_disable), so it comes up a third as often as a policy call; move_pages and the
     * home node in between. Every call still comes up in any run of a few dozen cases.
     */
    private static final MempolicyCall[] CALLS = {
        MempolicyCall.MBIND, MempolicyCall.MBIND, MempolicyCall.MBIND,
        MempolicyCall.SET_MEMPOLICY, MempolicyCall.SET_MEMPOLICY, MempolicyCall.SET_MEMPOLICY,
        MempolicyCall.GET_MEMPOLICY, MempolicyCall.GET_MEMPOLICY, MempolicyCall.GET_MEMPOLICY,
        MempolicyCall.MOVE_PAGES, MempolicyCall.MOVE_PAGES,
        MempolicyCall.SET_MEMPOLICY_HOME_NODE, MempolicyCall.SET_MEMPOLICY_HOME_NODE,
        MempolicyCall.MIGRATE_PAGES,
    };

    public SyscallCase next() {
        MempolicyCall call = pick(CALLS);
        return switch (call) {
            case MBIND, SET_MEMPOLICY -> policySetting(call);
            case GET_MEMPOLICY -> policyReading();
            case MIGRATE_PAGES -> migration();
            case MOVE_PAGES -> move();
            case SET_MEMPOLICY_HOME_NODE -> homeNode();
        };
    }

    private SyscallCase policySetting(MempolicyCall call) {
        MempolicyMode mode = pick(MempolicyMode.values());
        Set<MempolicyFlag> modeFlags = subset(List.copyOf(MempolicyFlag.modeFlags()));
        Set<MempolicyFlag> flags = call == MempolicyCall.MBIND
                ? subset(List.of(MempolicyFlag.MF_STRICT, MempolicyFlag.MF_MOVE, MempolicyFlag.MF_MOVE_ALL, MempolicyFlag.MF_LAZY))
                : Set.of();
        long[] maxnode = new long[1];
        MempolicyNodeMask mask = mask(maxnode);
        SyscallCase c = SyscallCase.of(call)
                .withMode(mode, modeFlags.toArray(MempolicyFlag[]::new))
                .withFlags(flags.toArray(MempolicyFlag[]::new))
                .withNodes(mask).withMaxnode(maxnode[0]);
        c = range(c, call);
        return call == MempolicyCall.MBIND && random.nextInt(3) == 0 ? c.prefaulted() : c;
    }

    private SyscallCase policyReading() {
        Set<MempolicyFlag> flags = subset(List.of(MempolicyFlag.F_NODE, MempolicyFlag.F_ADDR, MempolicyFlag.F_MEMS_ALLOWED));
        int kind = random.nextInt(7);
        long maxnode = kind < 3 ? random.nextLong(facts.possibleNodes() + 5L)
                : kind < 6 ? SyscallCase.FULL_MAXNODE : 4096L * 8 - 64 + random.nextLong(193);
        SyscallCase c = SyscallCase.of(MempolicyCall.GET_MEMPOLICY).withFlags(flags.toArray(MempolicyFlag[]::new))
                .withNodes(random.nextBoolean() ? MempolicyNodeMask.EMPTY : MempolicyNodeMask.NULL).withMaxnode(maxnode)
                .withAddr(pick(MempolicyAddress.ANY_BACKING.toArray(MempolicyAddress[]::new)));
        return random.nextBoolean() ? c.withPrelude(validPolicy()) : c;
    }

    private SyscallCase migration() {
        long[] maxnode = new long[1];
        MempolicyNodeMask from = mask(maxnode);
        MempolicyNodeMask to = mask(new long[1]);
        SyscallCase c = SyscallCase.of(MempolicyCall.MIGRATE_PAGES).withFrom(from).withTo(to).withMaxnode(maxnode[0]);
        return random.nextInt(4) == 0 ? c.withNoSuchProcess() : c;
    }

    private SyscallCase move() {
        Set<MempolicyFlag> flags = subset(List.of(MempolicyFlag.MF_MOVE, MempolicyFlag.MF_MOVE_ALL, MempolicyFlag.MF_STRICT));
        int pages = 1 + random.nextInt(8);
        MempolicyNodeMask targets = MempolicyNodeMask.NULL;
        if (random.nextInt(5) != 0) {
            List<Integer> perPage = new ArrayList<>();
            for (int i = 0; i < pages; i++) {
                int kind = random.nextInt(10);
                perPage.add(kind < 8 ? pick(memoryNodes) : kind == 8 ? unusedId()
                        : SyscallFacts.MAX_NUMNODES + random.nextInt(SyscallFacts.MAX_NUMNODES + 1));
            }
            targets = MempolicyNodeMask.of(perPage);
        }
        SyscallCase c = SyscallCase.of(MempolicyCall.MOVE_PAGES).withFlags(flags.toArray(MempolicyFlag[]::new))
                .withTo(targets).withPages(pages).prefaulted();
        return random.nextInt(4) == 0 ? c.withNoSuchProcess() : c;
    }

    private SyscallCase homeNode() {
        int kind = random.nextInt(6);
        int home = kind < 4 ? pick(memoryNodes) : kind == 4 ? unusedId() : SyscallFacts.MAX_NUMNODES + random.nextInt(4096 - SyscallFacts.MAX_NUMNODES + 1);
        SyscallCase c = SyscallCase.of(MempolicyCall.SET_MEMPOLICY_HOME_NODE).withHome(home);
        if (random.nextInt(6) == 0) {
            c = c.withFlags(MempolicyFlag.MF_STRICT); // any bit is reserved
        }
        c = range(c, MempolicyCall.SET_MEMPOLICY_HOME_NODE);
        // A range policy can only be put on a real range: the prelude's mbind must succeed.
        if (c.addr() == MempolicyAddress.MAP && c.pages() > 0 && random.nextBoolean()) {
            MempolicyPrelude policy = validPolicy();
            c = c.withPrelude(new MempolicyPrelude(MempolicyPrelude.Scope.RANGE, policy.mode(), policy.nodes()));
        }
        return c;
    }

    /** Mostly the agent's own mapping; the bad addresses only where the call takes a range; 0 to 8 pages. */
    private SyscallCase range(SyscallCase c, MempolicyCall call) {
        MempolicyAddress addr = call.takesRange() && random.nextInt(7) == 0
                ? pick(new MempolicyAddress[] {MempolicyAddress.NULL, MempolicyAddress.UNALIGNED, MempolicyAddress.UNMAPPED})
                : MempolicyAddress.MAP;
        return c.withPages(random.nextInt(9)).withAddr(addr);
    }

    /** A policy the kernel accepts as a prelude. */
    private MempolicyPrelude validPolicy() {
        List<MempolicyMode> modes = new ArrayList<>(EnumSet.of(MempolicyMode.DEFAULT, MempolicyMode.PREFERRED, MempolicyMode.BIND,
                MempolicyMode.INTERLEAVE, MempolicyMode.LOCAL, MempolicyMode.PREFERRED_MANY));
        if (kernel.compareTo(KernelVersion.of(6, 9)) >= 0) {
            modes.add(MempolicyMode.WEIGHTED_INTERLEAVE); // the mode exists from 6.9 (spec/syscalls.yaml)
        }
        MempolicyMode mode = pick(modes);
        return switch (mode) {
            case DEFAULT, LOCAL -> new MempolicyPrelude(MempolicyPrelude.Scope.THREAD, mode, MempolicyNodeMask.EMPTY);
            case PREFERRED -> MempolicyPrelude.thread(mode, pick(memoryNodes));
            default -> new MempolicyPrelude(MempolicyPrelude.Scope.THREAD, mode, MempolicyNodeMask.of(memoryNodeSet()));
        };
    }

    /** A node mask of one of the contract's kinds, and (in {@code maxnode[0]}) the maxnode it is passed with. */
    private MempolicyNodeMask mask(long[] maxnode) {
        maxnode[0] = SyscallCase.FULL_MAXNODE;
        switch (random.nextInt(8)) {
            case 0:
                return MempolicyNodeMask.EMPTY;
            case 1:
                return MempolicyNodeMask.NULL;
            case 2:
                return MempolicyNodeMask.of(memoryNodeSet());
            case 3:
                return MempolicyNodeMask.of(unusedId());
            case 4: {
                List<Integer> nodes = new ArrayList<>(memoryNodeSet());
                nodes.add(unusedId());
                return MempolicyNodeMask.of(nodes);
            }
            case 5: {
                int id = SyscallFacts.MAX_NUMNODES + random.nextInt(4000 - SyscallFacts.MAX_NUMNODES + 1);
                maxnode[0] = id + 2L;
                return MempolicyNodeMask.of(id);
            }
            case 6:
                // maxnode cuts the mask somewhere: 0 wraps to huge, 1 reads nothing, up to the highest node cuts off higher ones
                maxnode[0] = random.nextLong(facts.possibleNodes() + 2L);
                return MempolicyNodeMask.of(memoryNodeSet());
            default:
                maxnode[0] = 4096L * 8 + 2 + random.nextLong((1L << 20) - 4096L * 8 - 1);
                return MempolicyNodeMask.of(memoryNodeSet());
        }
    }

    /** One to eight memory nodes, sorted. */
    private List<Integer> memoryNodeSet() {
        List<Integer> pool = new ArrayList<>(memoryNodes);
        int size = 1 + random.nextInt(Math.min(8, pool.size()));
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            chosen.add(pool.remove(random.nextInt(pool.size())));
        }
        chosen.sort(null);
        return chosen;
    }

    /** An id that is no node of the machine, below MAX_NUMNODES. */
    private int unusedId() {
        return facts.possibleNodes() + random.nextInt(SyscallFacts.MAX_NUMNODES - facts.possibleNodes());
    }

    private <T> Set<T> subset(List<T> of) {
        Set<T> chosen = new java.util.LinkedHashSet<>();
        of.forEach(item -> {
            if (random.nextBoolean()) {
                chosen.add(item);
            }
        });
        return chosen;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
