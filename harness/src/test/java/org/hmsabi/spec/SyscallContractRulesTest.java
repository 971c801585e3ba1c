package org.hmsabi.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.hmsabi.BadInputException;
import org.hmsabi.kernel.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundled contract answers the traps of abi-notes per kernel, and a broken contract file is refused by name. */
class SyscallContractRulesTest {
    /** two-socket-hbm: CPU nodes 0, 1 and memory-only nodes 2, 3, all with memory. */
    private static final SyscallFacts FACTS = new SyscallFacts(new TreeSet<>(Set.of(0, 1, 2, 3)), new TreeSet<>(Set.of(0, 1, 2, 3)), 4);
    private static final KernelVersion V61 = KernelVersion.parse("6.1.0-56-amd64");
    private static final KernelVersion V612 = KernelVersion.parse("6.12.117+deb12-amd64");

    private final SyscallContract contract = SyscallContract.bundled();

    private String outcome(SyscallCase c, KernelVersion kernel) {
        return contract.expected(c, FACTS, kernel).toString();
    }

    @Test
    void weightedInterleaveExistsFrom69() {
        SyscallCase c = SyscallCase.of(MempolicyCall.SET_MEMPOLICY).withMode(MempolicyMode.WEIGHTED_INTERLEAVE).withNodes(0, 2);
        assertThat(outcome(c, V61)).isEqualTo("fails with EINVAL");
        assertThat(outcome(c, V612)).isEqualTo("returns 0");
        assertThat(contract.ruleFor(c, FACTS, V61).id()).isEqualTo("weighted-interleave-unknown-before-6.9");
    }

    @Test
    void aPolicyOnPartOfAHugetlbPageIsEinvalOnEveryKernelButAThpRangeSplits() {
        SyscallCase bind = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(2).withPages(1);
        for (KernelVersion kernel : java.util.List.of(V61, V612, KernelVersion.parse("7.3.4+deb13-amd64"))) {
            for (MempolicyCut cut : java.util.List.of(MempolicyCut.FIRST, MempolicyCut.LAST)) {
                SyscallCase huge = bind.withBacking(MempolicyBacking.HUGETLB).withCut(cut);
                assertThat(outcome(huge, kernel)).as("%s on %s", huge, kernel).isEqualTo("fails with EINVAL");
                assertThat(contract.ruleFor(huge, FACTS, kernel).id()).isEqualTo("mbind-hugetlb-range-inside-a-huge-page");
                assertThat(outcome(huge.withMode(MempolicyMode.DEFAULT).withNodes(MempolicyNodeMask.EMPTY), kernel))
                        .as("DEFAULT changes nothing, so splits nothing").isEqualTo("returns 0");
                assertThat(outcome(bind.withBacking(MempolicyBacking.THP).withCut(cut), kernel)).as("THP splits").isEqualTo("returns 0");
            }
            assertThat(outcome(bind.withBacking(MempolicyBacking.HUGETLB), kernel)).as("whole huge pages").isEqualTo("returns 0");
            assertThat(outcome(bind.withBacking(MempolicyBacking.HUGETLB).withFlags(MempolicyFlag.MF_STRICT).prefaulted(), kernel))
                    .as("STRICT on a misplaced huge page").isEqualTo("fails with EIO");
        }
        assertThat(bind.withBacking(MempolicyBacking.HUGETLB).withCut(MempolicyCut.FIRST).agentArgs()).contains("backing=hugetlb", "cut=first");
        assertThat(contract.behaviour(SyscallBehaviour.MOVE_PAGES_HUGETLB_TAIL, V61).orElseThrow().value()).isEqualTo("EACCES");
        assertThat(contract.behaviour(SyscallBehaviour.MOVE_PAGES_HUGETLB_TAIL, V612).orElseThrow().value()).isEqualTo("moved");
    }

    @Test
    void hugetlbRaceOutcomesAndAnEmptyTargetPoolPerKernel() {
        KernelVersion v73 = KernelVersion.parse("7.3.4+deb13-amd64");
        for (KernelVersion kernel : java.util.List.of(V61, V612, v73)) {
            assertThat(contract.behaviour(SyscallBehaviour.MOVE_PAGES_HUGETLB_EMPTY_POOL, kernel).orElseThrow().value())
                    .as("a fresh huge page from the buddy allocator, on %s", kernel).isEqualTo("moved");
            assertThat(contract.behaviour(SyscallBehaviour.MOVE_PAGES_HUGETLB_RACE_ERRNO, kernel).orElseThrow().names()).containsExactly("ENOMEM");
            assertThat(contract.behaviour(SyscallBehaviour.SOFT_OFFLINE_HUGETLB_ERRNO, kernel).orElseThrow().names())
                    .containsExactly("EBUSY", "ENOMEM").doesNotContain("EIO");
        }
        // The tail addresses of a huge page: EACCES before 6.7 (move-pages-hugetlb-tail), EBUSY while queued since.
        assertThat(contract.behaviour(SyscallBehaviour.MOVE_PAGES_HUGETLB_RACE_STATUS, V61).orElseThrow().names()).contains("EACCES", "EBUSY");
        assertThat(contract.behaviour(SyscallBehaviour.MOVE_PAGES_HUGETLB_RACE_STATUS, V612).orElseThrow().names())
                .containsExactly("ENOENT", "EFAULT", "EBUSY");
        assertThat(Errnos.number("EBUSY")).isEqualTo(16);
        assertThat(Errnos.name(12)).contains("ENOMEM");
    }

    @Test
    void numaBalancingWithPreferredManyFrom610() {
        SyscallCase c = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.PREFERRED_MANY, MempolicyFlag.NUMA_BALANCING).withNodes(2);
        assertThat(outcome(c, V61)).isEqualTo("fails with EINVAL");
        assertThat(outcome(c, V612)).isEqualTo("returns 0");
        assertThat(outcome(c.withMode(MempolicyMode.INTERLEAVE, MempolicyFlag.NUMA_BALANCING), V612)).isEqualTo("fails with EINVAL");
    }

    @Test
    void theTrapsOfTheAbiNotes() {
        SyscallCase get = SyscallCase.of(MempolicyCall.GET_MEMPOLICY);
        assertThat(outcome(get.withMaxnode(3), V612)).as("maxnode below nr_node_ids").isEqualTo("fails with EINVAL");
        assertThat(outcome(get.withMaxnode(4), V612)).isEqualTo("returns 0");
        assertThat(outcome(get.withMaxnode(3).withNodes(MempolicyNodeMask.NULL), V61)).as("no mask, no check").isEqualTo("returns 0");
        assertThat(outcome(get.withFlags(MempolicyFlag.F_ADDR).withAddr(MempolicyAddress.NULL), V61)).isEqualTo("fails with EFAULT");
        SyscallCase bind = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND);
        assertThat(outcome(bind.withNodes(2).withFlags(MempolicyFlag.MF_LAZY), V612)).isEqualTo("fails with EINVAL");
        assertThat(outcome(bind.withNodes(7), V612)).as("only an offline node").isEqualTo("fails with EINVAL");
        assertThat(outcome(bind.withNodes(0, 7), V612)).as("offline node beside a memory node").isEqualTo("returns 0");
        assertThat(outcome(bind.withMode(MempolicyMode.BIND, MempolicyFlag.RELATIVE_NODES).withNodes(7), V612))
                .as("relative nodes fold onto memory").isEqualTo("returns 0");
        assertThat(outcome(bind.withNodes(2).withMaxnode(3), V612)).as("maxnode 3 reads bits 0 and 1 only").isEqualTo("fails with EINVAL");
        assertThat(outcome(bind.withNodes(2).withMaxnode(0), V612)).as("maxnode 0 wraps").isEqualTo("fails with EINVAL");
        assertThat(outcome(bind.withNodes(1024).withMaxnode(2049), V612)).isEqualTo("fails with EINVAL");
        assertThat(outcome(bind.withNodes(1024), V612)).as("bit 1024 beyond maxnode 1025: unseen").isEqualTo("fails with EINVAL");
        assertThat(outcome(bind.withPages(0), V612)).as("empty range first").isEqualTo("returns 0");
        SyscallCase home = SyscallCase.of(MempolicyCall.SET_MEMPOLICY_HOME_NODE);
        assertThat(outcome(home.withPrelude(MempolicyPrelude.range(MempolicyMode.INTERLEAVE, 2)), V61)).isEqualTo("fails with EOPNOTSUPP");
        assertThat(outcome(home.withPrelude(MempolicyPrelude.range(MempolicyMode.PREFERRED_MANY, 2)), V61)).isEqualTo("returns 0");
        assertThat(outcome(home, V61)).as("no policy on the range").isEqualTo("fails with ENOENT");
        SyscallCase move = SyscallCase.of(MempolicyCall.MOVE_PAGES);
        assertThat(outcome(move.withTo(MempolicyNodeMask.of(5)), V612)).isEqualTo("fails with ENODEV");
        assertThat(outcome(move.withTo(MempolicyNodeMask.of(2000)), V612)).isEqualTo("fails with ENODEV");
        assertThat(outcome(move.withTo(MempolicyNodeMask.of(2)), V612)).isEqualTo("returns >= 0");
    }

    @Test
    void privilegeAndASecondProcessDecideInTheKernelsOrder() {
        SyscallCase move = SyscallCase.of(MempolicyCall.MOVE_PAGES).withTo(MempolicyNodeMask.of(2));
        assertThat(outcome(move.withFlags(MempolicyFlag.MF_MOVE_ALL), V612)).as("root may MOVE_ALL").isEqualTo("returns >= 0");
        assertThat(outcome(move.withFlags(MempolicyFlag.MF_MOVE_ALL).asUnprivileged(), V61)).isEqualTo("fails with EPERM");
        assertThat(outcome(move.withFlags(MempolicyFlag.MF_MOVE_ALL).asUnprivileged().withProcess(MempolicyProcess.GONE), V612))
                .as("CAP_SYS_NICE is checked before the pid").isEqualTo("fails with EPERM");
        assertThat(outcome(move.withFlags(MempolicyFlag.MF_LAZY).asUnprivileged(), V612)).as("flags first").isEqualTo("fails with EINVAL");
        assertThat(outcome(move.withProcess(MempolicyProcess.GONE), V612)).isEqualTo("fails with ESRCH");
        assertThat(outcome(move.withProcess(MempolicyProcess.GONE).asUnprivileged(), V612)).as("no task before no access").isEqualTo("fails with ESRCH");
        assertThat(outcome(move.withProcess(MempolicyProcess.CHILD_SHARED), V612)).isEqualTo("returns >= 0");
        assertThat(outcome(move.withProcess(MempolicyProcess.CHILD).asUnprivileged(), V612)).isEqualTo("fails with EPERM");
        assertThat(outcome(move.asUnprivileged(), V612)).as("its own pages, MOVE").isEqualTo("returns >= 0");
        SyscallCase migrate = SyscallCase.of(MempolicyCall.MIGRATE_PAGES).withFrom(MempolicyNodeMask.of(0)).withTo(MempolicyNodeMask.of(2));
        assertThat(outcome(migrate.withProcess(MempolicyProcess.CHILD), V61)).isEqualTo("returns >= 0");
        assertThat(outcome(migrate.withProcess(MempolicyProcess.CHILD).asUnprivileged(), V61)).isEqualTo("fails with EPERM");
        assertThat(outcome(migrate.asUnprivileged(), V61)).isEqualTo("returns >= 0");
        assertThat(outcome(migrate.withTo(MempolicyNodeMask.of(7)), V612)).as("root: no memory").isEqualTo("fails with EINVAL");
        assertThat(outcome(migrate.withTo(MempolicyNodeMask.of(7)).asUnprivileged(), V612)).as("nobody: not in its cpuset first")
                .isEqualTo("fails with EPERM");
        assertThat(outcome(migrate.withTo(MempolicyNodeMask.EMPTY).asUnprivileged(), V612)).as("empty is a subset").isEqualTo("fails with EINVAL");
        assertThat(outcome(migrate.withTo(MempolicyNodeMask.of(0, 7)), V612)).as("root: cut to the memory node").isEqualTo("returns >= 0");
        assertThat(outcome(migrate.withTo(MempolicyNodeMask.of(0, 7)).asUnprivileged(), V612))
                .as("nobody: a memory node and an offline id are no subset of its cpuset").isEqualTo("fails with EPERM");
        assertThat(outcome(migrate.withProcess(MempolicyProcess.NONE).asUnprivileged(), V612)).isEqualTo("fails with ESRCH");
        SyscallCase bind = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(2);
        assertThat(outcome(bind.withFlags(MempolicyFlag.MF_MOVE_ALL).asUnprivileged(), V612)).isEqualTo("fails with EPERM");
        assertThat(outcome(bind.withFlags(MempolicyFlag.MF_MOVE).asUnprivileged(), V612)).isEqualTo("returns 0");
        assertThat(outcome(bind.withFlags(MempolicyFlag.MF_MOVE_ALL).asUnprivileged().withAddr(MempolicyAddress.UNALIGNED), V612))
                .as("EPERM before the start address").isEqualTo("fails with EPERM");
    }

    @Test
    void aBadMaskAddressIsEfaultWhereTheKernelReadsIt() {
        SyscallCase bind = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(MempolicyNodeMask.BAD);
        assertThat(outcome(bind, V61)).isEqualTo("fails with EFAULT");
        assertThat(outcome(bind.withMode(MempolicyMode.INVALID), V61)).as("the mode before the mask").isEqualTo("fails with EINVAL");
        assertThat(outcome(bind.withMaxnode(1), V612)).as("maxnode 1 reads no bit: an empty mask").isEqualTo("fails with EINVAL");
        assertThat(outcome(bind.withMaxnode(40000), V612)).as("too large before it is read").isEqualTo("fails with EINVAL");
        SyscallCase set = SyscallCase.of(MempolicyCall.SET_MEMPOLICY).withNodes(MempolicyNodeMask.BAD);
        assertThat(outcome(set, V612)).as("DEFAULT reads the mask too").isEqualTo("fails with EFAULT");
        SyscallCase migrate = SyscallCase.of(MempolicyCall.MIGRATE_PAGES).withFrom(MempolicyNodeMask.BAD).withTo(MempolicyNodeMask.of(7));
        assertThat(outcome(migrate, V612)).isEqualTo("fails with EFAULT");
        assertThat(outcome(migrate.withFrom(MempolicyNodeMask.of(0)).withTo(MempolicyNodeMask.BAD), V612)).isEqualTo("fails with EFAULT");
        SyscallCase get = SyscallCase.of(MempolicyCall.GET_MEMPOLICY).withNodes(MempolicyNodeMask.BAD);
        assertThat(outcome(get, V612)).isEqualTo("fails with EFAULT");
        assertThat(outcome(get.withMaxnode(3), V612)).as("maxnode below nr_node_ids first").isEqualTo("fails with EINVAL");
        assertThat(MempolicyNodeMask.BAD.agentText()).isEqualTo("bad");
    }

    @Test
    void movePagesStatusesPerKernelRange() {
        assertThat(contract.behaviour(SyscallBehaviour.MOVE_PAGES_STATUS_UNPOPULATED, V61).orElseThrow().value()).isEqualTo("EFAULT");
        assertThat(contract.behaviour(SyscallBehaviour.MOVE_PAGES_STATUS_UNPOPULATED, V612).orElseThrow().value()).isEqualTo("ENOENT");
        assertThat(contract.behaviour(SyscallBehaviour.MOVE_PAGES_STATUS_ZERO_PAGE, V61).orElseThrow().value()).isEqualTo("EFAULT");
        assertThat(contract.behaviour(SyscallBehaviour.MOVE_PAGES_STATUS_ZERO_PAGE, KernelVersion.parse("7.3.4+deb13-amd64")).orElseThrow().value())
                .isEqualTo("EFAULT");
    }

    @Test
    void theNewCasesTellTheAgentWhatToDo() {
        SyscallCase c = SyscallCase.of(MempolicyCall.MOVE_PAGES).withProcess(MempolicyProcess.CHILD_SHARED).asUnprivileged()
                .withPopulate(MempolicyPopulate.ZERO_PAGE);
        assertThat(c.agentArgs()).contains("pid=child", "child=shared", "uid=65534", "populate=read");
        assertThat(SyscallCase.of(MempolicyCall.MOVE_PAGES).agentArgs()).contains("pid=0")
                .noneMatch(arg -> arg.startsWith("uid=") || arg.startsWith("populate=") || arg.startsWith("child="));
        assertThat(SyscallCase.of(MempolicyCall.MIGRATE_PAGES).withProcess(MempolicyProcess.GONE).agentArgs()).contains("pid=gone");
    }

    @Test
    void everyCatalogCaseHasARuleOnBothKernels() {
        for (SyscallCatalog.Entry entry : SyscallCatalog.forMachine(FACTS)) {
            assertThat(contract.ruleFor(entry.call(), FACTS, V61)).as(entry.id()).isNotNull();
            assertThat(contract.ruleFor(entry.call(), FACTS, V612)).as(entry.id()).isNotNull();
        }
        assertThat(SyscallCatalog.forMachine(FACTS)).extracting(SyscallCatalog.Entry::id).doesNotHaveDuplicates();
    }

    @Test
    void aMismatchNamesTheCaseTheKernelAndBothOutcomes() {
        SyscallCase c = SyscallCase.of(MempolicyCall.SET_MEMPOLICY).withMode(MempolicyMode.INVALID);
        assertThat(contract.check(c, FACTS, "6.12.117+deb12-amd64", -1, "EINVAL")).isEmpty();
        SyscallMismatch mismatch = contract.check(c, FACTS, "6.12.117+deb12-amd64", 0, null).orElseThrow();
        assertThat(mismatch.message()).contains("set_mempolicy(", "mode=INVALID", "6.12.117+deb12-amd64",
                "expected fails with EINVAL", "rule mode-unknown", "returned 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "schema: hmsabi-syscalls/1\nrules:\n  - {id: a, calls: [mbind], when: {colour: [red]}, expect: \"0\"}\n",
            "schema: hmsabi-syscalls/1\nrules:\n  - {id: a, calls: [mbindd], expect: \"0\"}\n",
            "schema: hmsabi-syscalls/1\nrules:\n  - {id: a, calls: [mbind], expect: sometimes}\n",
            "schema: hmsabi-syscalls/1\nrules:\n  - {id: a, calls: [mbind], when: {mask: [purple]}, expect: \"0\"}\n",
            "schema: hmsabi-syscalls/1\nrules:\n  - {id: a, calls: [mbind], when: {flags: [STATIC_NODES]}, expect: \"0\"}\n",
            "schema: hmsabi-syscalls/1\nrules:\n  - {id: a, calls: [mbind], kernels: \"6.x\", expect: \"0\"}\n",
            "schema: hmsabi-syscalls/1\nrules:\n  - {id: a, calls: [mbind], expect: \"0\"}\n  - {id: a, calls: [mbind], expect: \"0\"}\n",
            "schema: other/2\nrules: []\n",
            "schema: hmsabi-syscalls/1\nrules: []\nbehaviours:\n  colour: [{kernels: \"<6.7\", value: red, source: s}]\n",
            "schema: hmsabi-syscalls/1\nrules: []\nbehaviours:\n  interleave-index-bits: [{kernels: \"<6.7\", value: \"16\", source: s}]\n",
            "schema: hmsabi-syscalls/1\nrules: []\nbehaviours:\n  interleave-index-bits: [{kernels: \"<6.7\", value: \"32\"}]\n",
            "schema: hmsabi-syscalls/1\nrules: []\nbehaviours:\n  interleave-index-bits:\n"
                    + "    - {kernels: \"<6.7\", value: \"32\", source: s}\n    - {kernels: \"6.6..6.8\", value: \"64\", source: s}\n",
            "rules: [\n"})
    void aBrokenContractIsRefusedWithItsSource(String yaml) {
        assertThatThrownBy(() -> SyscallContract.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "bad.yaml"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("bad.yaml");
    }

    @Test
    void theInterleaveIndexIs32BitsBefore67And64From67() {
        assertThat(contract.behaviour(SyscallBehaviour.INTERLEAVE_INDEX_BITS, V61)).map(SyscallBehaviour::value).contains("32");
        assertThat(contract.behaviour(SyscallBehaviour.INTERLEAVE_INDEX_BITS, KernelVersion.parse("6.6"))).map(SyscallBehaviour::value).contains("32");
        assertThat(contract.behaviour(SyscallBehaviour.INTERLEAVE_INDEX_BITS, KernelVersion.parse("6.7"))).map(SyscallBehaviour::value).contains("64");
        assertThat(contract.behaviour(SyscallBehaviour.INTERLEAVE_INDEX_BITS, V612).orElseThrow().source()).contains("ddc1a5cbc05d");
    }

    @Test
    void aZeroWeightResetsFrom69AndIsRefusedFrom616() {
        assertThat(contract.behaviour(SyscallBehaviour.WEIGHT_ZERO_WRITE, V61)).as("no weighted_interleave before 6.9").isEmpty();
        assertThat(contract.behaviour(SyscallBehaviour.WEIGHT_ZERO_WRITE, V612)).map(SyscallBehaviour::value).contains("reset");
        assertThat(contract.behaviour(SyscallBehaviour.WEIGHT_ZERO_WRITE, KernelVersion.parse("6.16"))).map(SyscallBehaviour::value).contains("EINVAL");
        assertThatThrownBy(() -> contract.behaviour("colour", V612)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strictFindsPagesOutsideTheMaskUnlessItMayMoveThem() {
        SyscallCase strict = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(2)
                .withFlags(MempolicyFlag.MF_STRICT).prefaulted();
        assertThat(outcome(strict, V61)).isEqualTo("fails with EIO");
        assertThat(outcome(strict, V612)).isEqualTo("fails with EIO");
        assertThat(outcome(strict.withNodes(0, 2), V612)).as("pages on node 0, which the mask names").isEqualTo("returns 0");
        assertThat(outcome(strict.withNodes(0, 2).withMaxnode(1), V612)).as("node 0 cut off by maxnode: an empty mask").isEqualTo("fails with EINVAL");
        assertThat(outcome(strict.withFlags(MempolicyFlag.MF_STRICT, MempolicyFlag.MF_MOVE), V612)).isEqualTo("returns 0");
        assertThat(outcome(strict.withFlags(MempolicyFlag.MF_MOVE_ALL), V612)).isEqualTo("returns 0");
        assertThat(outcome(strict.withFlags(), V612)).as("no STRICT, no walk").isEqualTo("returns 0");
        SyscallCase fresh = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(2).withFlags(MempolicyFlag.MF_STRICT);
        assertThat(outcome(fresh, V612)).as("no page yet").isEqualTo("returns 0");
        assertThat(outcome(strict.withMode(MempolicyMode.DEFAULT).withNodes(MempolicyNodeMask.EMPTY), V612))
                .as("DEFAULT drops STRICT").isEqualTo("returns 0");
        assertThat(outcome(strict.withMode(MempolicyMode.LOCAL).withNodes(MempolicyNodeMask.EMPTY), V61))
                .as("LOCAL names no node: every page is misplaced").isEqualTo("fails with EIO");
    }
}
