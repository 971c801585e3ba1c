package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.spec.MempolicyAddress;
import org.hmsabi.spec.MempolicyBacking;
import org.hmsabi.spec.MempolicyCall;
import org.hmsabi.spec.MempolicyFlag;
import org.hmsabi.spec.MempolicyMode;
import org.hmsabi.spec.MempolicyNodeMask;
import org.hmsabi.spec.MempolicyPrelude;
import org.hmsabi.spec.MempolicyProcess;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallContract;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.spec.SyscallMismatch;
import net.jqwik.api.Tag;

/**
 * Generated memory-policy calls, valid and invalid on purpose, checked against
 * spec/syscalls.yaml inside one booted guest per target (both default kernels, on two-socket-hbm
 * and on hms-4s32g). Node ids come from the fixture's roles ({@link NodeRoles}): nodes with
 * memory, ids that are no node, ids beyond MAX_NUMNODES; maxnode is drawn around the fixture's
 * possible-node count. The agent's other kinds are drawn too: a forked child, a reaped pid or no
 * process at all for migrate_pages and move_pages; the call as user nobody; a mask pointer nothing
 * is mapped at; and a range of shared or
 * file-backed memory (memfd, tmpfs, page cache; get_mempolicy also through a second mapping of the
 * file). Each try is a batch of cases sent in one round trip.
 */
@Tag("guest")
@AddLifecycleHook(TriesFromSystemProperty.class)
@AddLifecycleHook(OneGuestPerContainer.class)
abstract class MempolicyContractPropertiesTest {
    private static final int CASES_PER_TRY = 50;

    private final SyscallContract contract = SyscallContract.bundled();

    PropertyGuest guest() {
        return PropertyGuest.of(getClass());
    }

    @Property(edgeCases = EdgeCasesMode.NONE) // the edge case of a batch is 50 copies of the simplest call
    void everyCallMeetsTheContract(@ForAll("batches") List<SyscallCase> cases) {
        List<MempolicyOutcome> outcomes = guest().client().run(cases);
        List<String> breaks = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            SyscallCase c = cases.get(i);
            MempolicyOutcome outcome = outcomes.get(i);
            assertThat(outcome.problem()).as("agent problem for %s", c).isEmpty();
            Optional<SyscallMismatch> mismatch = check(c, outcome);
            String rule = contract.ruleFor(c, guest().facts(), guest().version()).id();
            Statistics.label("call").collect(c.call().kernelName());
            Statistics.label("mode").collect(c.mode().name());
            Statistics.label("outcome").collect(outcome.errno().orElse("ok"));
            Statistics.label("rule").collect(rule);
            if (mismatch.isEmpty()) {
                continue;
            }
            // Repeat the case alone: an outcome the contract accepts the second time is flaky
            // (reported, not failed); one that repeats is a break of the contract or of the spec.
            MempolicyOutcome again = guest().client().run(List.of(c)).get(0);
            if (check(c, again).isEmpty()) {
                System.err.println("FLAKY (passed on repeat) " + mismatch.get().message());
                Statistics.label("flaky").collect(rule);
            } else {
                breaks.add(mismatch.get().message() + " [kernel " + guest().kernelReference() + "]");
            }
        }
        assertThat(breaks).as("calls that broke spec/syscalls.yaml (each repeated once)").isEmpty();
    }

    /**
     * PROTOCOL.md promises that cases do not leak into each other (the agent unmaps its range and
     * resets its policy after each). A plain mbind on a fresh mapping right after any case must
     * therefore succeed; if it does not, shrinking names the case that left something behind.
     */
    @Property(edgeCases = EdgeCasesMode.NONE)
    void noCaseLeaksIntoTheNext(@ForAll("singleCases") SyscallCase c) {
        int local = guest().roles().agentNode();
        SyscallCase probe = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(local).withPages(1).touched();
        List<MempolicyOutcome> outcomes = guest().client().run(List.of(c, probe));
        Statistics.label("call").collect(c.call().kernelName());
        assertThat(outcomes.get(1).problem()).as("the probe after %s", c).isEmpty();
        assertThat(outcomes.get(1).errno()).as("the probe after %s", c).isEmpty();
        assertThat(outcomes.get(1).pages()).as("the probe's page after %s", c).containsExactly(local);
    }

    /** The case shrinking found first: the agent used to leave its one-page mapping behind. */
    @Example
    void anUnalignedEmptyRangeLeavesNoMapping() {
        noCaseLeaksIntoTheNext(SyscallCase.of(MempolicyCall.SET_MEMPOLICY_HOME_NODE).withAddr(MempolicyAddress.UNALIGNED).withPages(0)
                .withHome(guest().roles().memoryNodes().get(guest().roles().memoryNodes().size() - 1)));
    }

    @Provide
    Arbitrary<SyscallCase> singleCases() {
        return cases();
    }

    private Optional<SyscallMismatch> check(SyscallCase c, MempolicyOutcome outcome) {
        return contract.check(c, guest().facts(), guest().release(), outcome.result(), outcome.errno().orElse(null));
    }

    // --- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<List<SyscallCase>> batches() {
        return cases().list().ofSize(CASES_PER_TRY);
    }

    /** Any call, its arguments drawn from the kinds the contract distinguishes. */
    Arbitrary<SyscallCase> cases() {
        return Arbitraries.of(MempolicyCall.values()).flatMap(call -> switch (call) {
            case MBIND, SET_MEMPOLICY -> policySetting(call);
            case GET_MEMPOLICY -> policyReading();
            case MIGRATE_PAGES -> migrations();
            case MOVE_PAGES -> moves();
            case SET_MEMPOLICY_HOME_NODE -> homeNodes();
        });
    }

    /** mbind and set_mempolicy: every mode (INVALID too), any mode flags, any mask kind. */
    private Arbitrary<SyscallCase> policySetting(MempolicyCall call) {
        Arbitrary<MempolicyMode> modes = Arbitraries.of(MempolicyMode.values());
        Arbitrary<Set<MempolicyFlag>> modeFlags = Arbitraries.subsetOf(MempolicyFlag.modeFlags());
        // mbind only: MF_LAZY is never valid there, which the contract says.
        Arbitrary<Set<MempolicyFlag>> callFlags = call == MempolicyCall.MBIND
                ? Arbitraries.subsetOf(MempolicyFlag.MF_STRICT, MempolicyFlag.MF_MOVE, MempolicyFlag.MF_MOVE_ALL, MempolicyFlag.MF_LAZY)
                : Arbitraries.just(Set.of());
        // mbind only: now and then pages already in the range (on the agent's node), so STRICT and
        // MOVE have something to find misplaced.
        Arbitrary<Boolean> prefault = call == MempolicyCall.MBIND
                ? Arbitraries.frequency(Tuple.of(2, false), Tuple.of(1, true)) : Arbitraries.just(false);
        return Combinators.combine(modes, modeFlags, callFlags, masks(), ranges(call), prefault, backings(), nobodyNowAndThen())
                .as((mode, mflags, flags, mask, range, pagesFirst, backing, nobody) -> {
                    SyscallCase c = SyscallCase.of(call)
                            .withMode(mode, mflags.toArray(MempolicyFlag[]::new))
                            .withFlags(flags.toArray(MempolicyFlag[]::new))
                            .withNodes(mask.mask()).withMaxnode(mask.maxnode())
                            .withBacking(backing).withPages(range.pages()).withAddr(range.addr());
                    c = nobody ? c.asUnprivileged() : c;
                    return pagesFirst ? c.prefaulted() : c;
                });
    }

    /** get_mempolicy: any F_* flags, an output mask of any size, after a policy the kernel accepts. */
    private Arbitrary<SyscallCase> policyReading() {
        Arbitrary<Set<MempolicyFlag>> flags = Arbitraries.subsetOf(MempolicyFlag.F_NODE, MempolicyFlag.F_ADDR, MempolicyFlag.F_MEMS_ALLOWED);
        Arbitrary<MempolicyNodeMask> outputMask = Arbitraries.of(MempolicyNodeMask.EMPTY, MempolicyNodeMask.NULL);
        // Around nr_node_ids: below it is EINVAL; far above a page is EINVAL too.
        Arbitrary<Long> maxnodes = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, guest().facts().possibleNodes() + 4L)),
                Tuple.of(3, Arbitraries.just(SyscallCase.FULL_MAXNODE)),
                Tuple.of(1, Arbitraries.longs().between(4096L * 8 - 64, 4096L * 8 + 128)));
        Arbitrary<Optional<MempolicyPrelude>> preludes = validPolicies().optional();
        Arbitrary<MempolicyAddress> addrs = Arbitraries.of(MempolicyAddress.ANY_BACKING);
        // A file-backed range is read through its first mapping, or through a second one, after a
        // range policy set through the first (the file's shared policy): always with MPOL_F_ADDR,
        // the address's policy (without it the call reads the thread's, which the contract's
        // `policy` class takes to be the prelude's).
        Arbitrary<Optional<MempolicyPrelude>> rangePolicies = validPolicies()
                .map(p -> new MempolicyPrelude(MempolicyPrelude.Scope.RANGE, p.mode(), p.nodes())).optional();
        Arbitrary<SyscallCase> anonymous = Combinators.combine(flags, outputMask, maxnodes, preludes, addrs, nobodyNowAndThen())
                .as((f, mask, maxnode, prelude, addr, nobody) -> {
                    SyscallCase c = SyscallCase.of(MempolicyCall.GET_MEMPOLICY).withFlags(f.toArray(MempolicyFlag[]::new))
                            .withNodes(mask).withMaxnode(maxnode).withAddr(addr);
                    c = nobody ? c.asUnprivileged() : c;
                    return prelude.map(c::withPrelude).orElse(c);
                });
        Arbitrary<SyscallCase> fileBacked = Combinators.combine(flags, outputMask, maxnodes, rangePolicies,
                        Arbitraries.of(MempolicyBacking.MEMFD, MempolicyBacking.TMPFS, MempolicyBacking.PAGE_CACHE),
                        Arbitraries.of(MempolicyAddress.MAP, MempolicyAddress.ALIAS), Arbitraries.integers().between(1, 8))
                .as((f, mask, maxnode, prelude, backing, addr, pages) -> {
                    Set<MempolicyFlag> withAddr = EnumSet.of(MempolicyFlag.F_ADDR);
                    withAddr.addAll(f);
                    SyscallCase c = SyscallCase.of(MempolicyCall.GET_MEMPOLICY).withFlags(withAddr.toArray(MempolicyFlag[]::new))
                            .withNodes(mask).withMaxnode(maxnode).withBacking(backing).withPages(pages).withAddr(addr).touched();
                    return prelude.map(c::withPrelude).orElse(c);
                });
        return Arbitraries.frequencyOf(Tuple.of(3, anonymous), Tuple.of(1, fileBacked));
    }

    /** migrate_pages of the agent, of no process, of a reaped child's pid or of a forked child, now and then as nobody. */
    private Arbitrary<SyscallCase> migrations() {
        Arbitrary<MaskKind> from = masks();
        Arbitrary<MempolicyNodeMask> to = masks().map(MaskKind::mask);
        return Combinators.combine(from, to, processes(), nobodyNowAndThen())
                .as((f, t, process, nobody) -> {
                    SyscallCase c = SyscallCase.of(MempolicyCall.MIGRATE_PAGES).withFrom(f.mask()).withTo(t).withMaxnode(f.maxnode())
                            .withProcess(process);
                    return nobody ? c.asUnprivileged() : c;
                });
    }

    private Arbitrary<SyscallCase> moves() {
        Arbitrary<Set<MempolicyFlag>> flags = Arbitraries.subsetOf(MempolicyFlag.MF_MOVE, MempolicyFlag.MF_MOVE_ALL, MempolicyFlag.MF_STRICT);
        // Per-page targets, mostly memory nodes; now and then an offline id or one past MAX_NUMNODES.
        Arbitrary<Integer> target = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(memoryNodes())),
                Tuple.of(1, unusedIds()),
                Tuple.of(1, Arbitraries.integers().between(SyscallFacts.MAX_NUMNODES, 2 * SyscallFacts.MAX_NUMNODES)));
        // One target per page: SyscallTraits judges the whole list (the worst entry decides), while
        // the agent cycles it over the pages, so entries past the last page would reach no kernel.
        Arbitrary<Integer> pageCounts = Arbitraries.integers().between(1, 8);
        Arbitrary<Range> pagesAndTargets = pageCounts.flatMap(pages -> Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(MempolicyNodeMask.NULL)),
                Tuple.of(4, target.list().ofSize(pages).map(MempolicyNodeMask::of)))
                .map(targets -> new Range(MempolicyAddress.MAP, pages, targets)));
        return Combinators.combine(flags, pagesAndTargets, processes(), nobodyNowAndThen())
                .as((f, range, process, nobody) -> {
                    SyscallCase c = SyscallCase.of(MempolicyCall.MOVE_PAGES).withFlags(f.toArray(MempolicyFlag[]::new))
                            .withTo(range.targets()).withPages(range.pages()).prefaulted().withProcess(process);
                    return nobody ? c.asUnprivileged() : c;
                });
    }

    private Arbitrary<SyscallCase> homeNodes() {
        Arbitrary<Integer> homes = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(memoryNodes())),
                Tuple.of(1, unusedIds()),
                Tuple.of(1, Arbitraries.integers().between(SyscallFacts.MAX_NUMNODES, 4096)));
        Arbitrary<Set<MempolicyFlag>> flags = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(Set.<MempolicyFlag>of())),
                Tuple.of(1, Arbitraries.just(Set.of(MempolicyFlag.MF_STRICT)))); // any bit is reserved
        Arbitrary<MempolicyPrelude> rangePolicies = validPolicies()
                .map(p -> new MempolicyPrelude(MempolicyPrelude.Scope.RANGE, p.mode(), p.nodes()));
        Arbitrary<SyscallCase> calls = Combinators.combine(homes, flags, ranges(MempolicyCall.SET_MEMPOLICY_HOME_NODE), backings(),
                        nobodyNowAndThen())
                .as((home, f, range, backing, nobody) -> {
                    SyscallCase c = SyscallCase.of(MempolicyCall.SET_MEMPOLICY_HOME_NODE).withHome(home)
                            .withFlags(f.toArray(MempolicyFlag[]::new)).withBacking(backing).withPages(range.pages()).withAddr(range.addr());
                    return nobody ? c.asUnprivileged() : c;
                });
        // A range policy can only be put on a real range: the prelude's mbind must succeed.
        return calls.flatMap(c -> c.addr() == MempolicyAddress.MAP && c.pages() > 0
                ? rangePolicies.optional().map(prelude -> prelude.map(c::withPrelude).orElse(c))
                : Arbitraries.just(c));
    }

    /** Policies the kernel accepts as a case's prelude, valid by construction for this kernel. */
    private Arbitrary<MempolicyPrelude> validPolicies() {
        Set<MempolicyMode> modes = EnumSet.of(MempolicyMode.DEFAULT, MempolicyMode.PREFERRED, MempolicyMode.BIND,
                MempolicyMode.INTERLEAVE, MempolicyMode.LOCAL, MempolicyMode.PREFERRED_MANY);
        if (guest().version().compareTo(KernelVersion.parse("6.9")) >= 0) {
            modes.add(MempolicyMode.WEIGHTED_INTERLEAVE);
        }
        return Arbitraries.of(modes).flatMap(mode -> switch (mode) {
            case DEFAULT, LOCAL -> Arbitraries.just(new MempolicyPrelude(MempolicyPrelude.Scope.THREAD, mode, MempolicyNodeMask.EMPTY));
            case PREFERRED -> Arbitraries.of(memoryNodes()).map(n -> MempolicyPrelude.thread(mode, n));
            default -> memoryNodeSets().map(nodes -> new MempolicyPrelude(MempolicyPrelude.Scope.THREAD, mode, MempolicyNodeMask.of(nodes)));
        });
    }

    private List<Integer> memoryNodes() {
        return guest().roles().memoryNodes();
    }

    /** Sets of memory nodes; on a big fixture mostly small ones, as a program would name. */
    private Arbitrary<List<Integer>> memoryNodeSets() {
        return Arbitraries.subsetOf(memoryNodes()).ofMinSize(1).ofMaxSize(8).map(set -> set.stream().sorted().toList());
    }

    /** Ids that are no node of the fixture, below MAX_NUMNODES. */
    private Arbitrary<Integer> unusedIds() {
        return Arbitraries.integers().between(guest().roles().firstUnusedId(), guest().roles().lastUnusedId());
    }

    /** A node mask and the maxnode it is passed with. */
    record MaskKind(String kind, MempolicyNodeMask mask, long maxnode) {
    }

    /** Every mask kind of the contract: empty, NULL, memory nodes, offline ids, beyond MAX_NUMNODES, short or huge maxnode. */
    Arbitrary<MaskKind> masks() {
        long full = SyscallCase.FULL_MAXNODE;
        Arbitrary<Integer> offline = unusedIds();
        return Arbitraries.oneOf(
                Arbitraries.just(new MaskKind("empty", MempolicyNodeMask.EMPTY, full)),
                Arbitraries.just(new MaskKind("null", MempolicyNodeMask.NULL, full)),
                memoryNodeSets().map(nodes -> new MaskKind("memory", MempolicyNodeMask.of(nodes), full)),
                offline.map(id -> new MaskKind("offline", MempolicyNodeMask.of(id), full)),
                Combinators.combine(memoryNodeSets(), offline)
                        .as((nodes, id) -> new MaskKind("memory+offline", MempolicyNodeMask.of(append(nodes, id)), full)),
                Arbitraries.integers().between(SyscallFacts.MAX_NUMNODES, 4000)
                        .map(id -> new MaskKind("beyond-max", MempolicyNodeMask.of(id), id + 2L)),
                // maxnode cuts the mask somewhere: 0 wraps to huge, 1 reads nothing, up to the highest node cuts off higher nodes.
                Combinators.combine(memoryNodeSets(), Arbitraries.longs().between(0, guest().facts().possibleNodes() + 1L))
                        .as((nodes, maxnode) -> new MaskKind("short-maxnode", MempolicyNodeMask.of(nodes), maxnode)),
                Combinators.combine(memoryNodeSets(), Arbitraries.longs().between(4096L * 8 + 2, 1L << 20))
                        .as((nodes, maxnode) -> new MaskKind("too-large-maxnode", MempolicyNodeMask.of(nodes), maxnode)),
                // A mask pointer nothing is mapped at (the agent's named bad address): get_nodes() cannot read it.
                Arbitraries.just(new MaskKind("bad-address", MempolicyNodeMask.BAD, full)));
    }

    private static List<Integer> append(List<Integer> nodes, int id) {
        List<Integer> all = new ArrayList<>(nodes);
        all.add(id);
        return all;
    }

    /**
     * migrate_pages and move_pages: mostly the agent itself; a pid that cannot exist, a reaped
     * child's, or a forked child with pages of its own or sharing the agent's, now and then.
     */
    private static Arbitrary<MempolicyProcess> processes() {
        return Arbitraries.frequency(Tuple.of(9, MempolicyProcess.SELF), Tuple.of(3, MempolicyProcess.NONE),
                Tuple.of(1, MempolicyProcess.GONE), Tuple.of(2, MempolicyProcess.CHILD), Tuple.of(1, MempolicyProcess.CHILD_SHARED));
    }

    /** The call as user nobody (no capabilities) in one case of eight. */
    private static Arbitrary<Boolean> nobodyNowAndThen() {
        return Arbitraries.frequency(Tuple.of(7, false), Tuple.of(1, true));
    }

    /** The range's memory: mostly private anonymous, else a memfd, a tmpfs file or its page cache (4 KiB pages). */
    private static Arbitrary<MempolicyBacking> backings() {
        return Arbitraries.frequency(Tuple.of(5, MempolicyBacking.ANONYMOUS), Tuple.of(1, MempolicyBacking.MEMFD),
                Tuple.of(1, MempolicyBacking.TMPFS), Tuple.of(1, MempolicyBacking.PAGE_CACHE));
    }

    /** The range a call works on: its address, length in pages and (move_pages) the target per page. */
    record Range(MempolicyAddress addr, int pages, MempolicyNodeMask targets) {
        Range(MempolicyAddress addr, int pages) {
            this(addr, pages, MempolicyNodeMask.NULL);
        }
    }

    /** Mostly the agent's own mapping; the bad addresses only where the call takes a range. */
    private static Arbitrary<Range> ranges(MempolicyCall call) {
        Arbitrary<MempolicyAddress> addrs = call.takesRange()
                ? Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.just(MempolicyAddress.MAP)),
                        Tuple.of(1, Arbitraries.of(MempolicyAddress.NULL, MempolicyAddress.UNALIGNED, MempolicyAddress.UNMAPPED)))
                : Arbitraries.just(MempolicyAddress.MAP);
        return addrs.flatMap(addr -> Arbitraries.integers().between(0, 8)
                .map(pages -> new Range(addr, pages)));
    }
}

// --- the targets: both default kernels on both fixtures of the issue, one guest each -------------

@GuestTarget(kernel = 0, fixture = "two-socket-hbm")
class MempolicyContractOnTwoSocketHbmBaselineTest extends MempolicyContractPropertiesTest {
}

@GuestTarget(kernel = 1, fixture = "two-socket-hbm")
class MempolicyContractOnTwoSocketHbmCandidateTest extends MempolicyContractPropertiesTest {
}

/** 36 nodes: fewer tries (each a batch of 50 calls). */
@GuestTarget(kernel = 0, fixture = "hms-4s32g", tries = 15)
class MempolicyContractOnHms4s32gBaselineTest extends MempolicyContractPropertiesTest {
}

@GuestTarget(kernel = 1, fixture = "hms-4s32g", tries = 15)
class MempolicyContractOnHms4s32gCandidateTest extends MempolicyContractPropertiesTest {
}
