package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hmsabi.capture.HugePages;
import org.hmsabi.check.CheckResult;
import org.hmsabi.check.KernelLogCheck;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.HugetlbRace;
import org.hmsabi.guest.HugetlbRaceOutcome;
import org.hmsabi.guest.KernelLog;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.spec.Errnos;
import org.hmsabi.spec.MempolicyCall;
import org.hmsabi.spec.MempolicyFlag;
import org.hmsabi.spec.MempolicyNodeMask;
import org.hmsabi.spec.SyscallBehaviour;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallContract;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.spec.WriteSpec;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LTP's move_pages12 on the two memory nodes of two-socket: 2 MiB hugetlb pages moved back and
 * forth between the nodes with move_pages(MPOL_MF_MOVE_ALL) while a second process maps, writes and
 * unmaps them (test 1: the race with freeing, e66f17ff7177 "mm/hugetlb: take page table lock in
 * follow_huge_pmd()"), then while it also soft-offlines them (test 2: c9d398fa2378, 4643d67e8cb0 and
 * 3f4b815a439a), each a few seconds of guest time (the agent's {@code hugetlb-race}). The kernels
 * must not crash, must log no WARNING, BUG or oops and must not taint (the kernel log read before
 * and after), the second process must never get SIGBUS, and every status and errno must be one
 * spec/syscalls.yaml allows for the kernel (behaviours move-pages-hugetlb-race-status,
 * move-pages-hugetlb-race-errno, soft-offline-hugetlb-errno). Every fix is older than 6.1, so every
 * pinned series must pass. Before the race, a hugetlb page is moved to the other node with that
 * node's pool emptied: what the contract says (move-pages-hugetlb-empty-pool). No process of the
 * agent's is left afterwards.
 */
@Tag("guest")
class HugetlbRaceTest {
    private static final Duration FREEING = Duration.ofSeconds(3);
    private static final Duration OFFLINE = Duration.ofSeconds(2);
    private static final int PAGES = 2; // as move_pages12
    private final SyscallContract contract = SyscallContract.bundled();

    @ParameterizedTest(name = "{0} on two-socket")
    @MethodSource("org.hmsabi.suites.TestGuests#sixOneAndDefaultKernelReferences")
    void movePagesRacesMappingFreeingAndSoftOfflineOfHugePagesCleanly(String reference) {
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology("two-socket");
        List<Integer> nodes = List.copyOf(SyscallFacts.of(topology).memoryNodes());
        int local = nodes.get(0); // the agent runs on CPU 0, on node 0
        int other = nodes.get(1);
        WriteSpec.Attribute pool = HugePages.pool();
        SyscallCase moveThere = HugePagePlacementTest.huge(SyscallCase.of(MempolicyCall.MOVE_PAGES).withTo(MempolicyNodeMask.of(other))
                .withFlags(MempolicyFlag.MF_MOVE));

        String release;
        CheckResult logBefore;
        CheckResult logAfter;
        MempolicyOutcome emptyPoolMove;
        String poolsAfterMove;
        HugetlbRaceOutcome freeing;
        HugetlbRaceOutcome offline;
        List<String> agentsLeft;
        try (Guest guest = TestGuests.boot(kernel, topology)) {
            MempolicyClient client = new MempolicyClient(guest.session());
            release = client.kernelRelease();
            logBefore = KernelLogCheck.of(kernel.exactReference(), "two-socket: before the race", KernelLog.read(guest.session()));
            try (HugePages pages = HugePages.around(client, nodes, List.of(moveThere))) {
                Assumptions.assumeTrue(pages.hugetlbUnavailable().isEmpty(), () -> "not available: " + pages.hugetlbUnavailable().get());
                // The other node's pool emptied, then a huge page faulted on the agent's node moved there.
                assertThat(client.write(pool.instance(other), "0")).as("emptying node %d's pool", other).isEmpty();
                emptyPoolMove = client.run(List.of(moveThere)).get(0);
                poolsAfterMove = "nr_hugepages after the move: node" + local + " " + client.read(pool.instance(local)).map(String::strip).orElse("?")
                        + ", node" + other + " " + client.read(pool.instance(other)).map(String::strip).orElse("?");
                assertThat(client.write(pool.instance(other), Integer.toString(HugePages.RESERVE))).as("refilling node %d's pool", other).isEmpty();

                freeing = client.race(new HugetlbRace(local, other, FREEING, PAGES, false));
                offline = client.race(new HugetlbRace(local, other, OFFLINE, PAGES, true));
            }
            logAfter = KernelLogCheck.of(kernel.exactReference(), "two-socket: after the race", KernelLog.read(guest.session()));
            agentsLeft = agentProcessesBesidesPid1(guest);
        }

        KernelVersion version = KernelVersion.ofGuestRelease(release);
        assertThat(logBefore.status()).as("the kernel log before the race, " + release + ": " + logBefore.message().orElse(""))
                .isEqualTo(CheckResult.Status.PASSED);

        String emptyPool = contract.behaviour(SyscallBehaviour.MOVE_PAGES_HUGETLB_EMPTY_POOL, version).orElseThrow().value();
        assertThat(emptyPoolMove.problem()).as("moving to a node with an empty pool").isEmpty();
        if (emptyPool.equals("moved")) {
            assertThat(emptyPoolMove.errno()).as("move_pages to node %d with an empty pool on %s (%s)", other, release, poolsAfterMove).isEmpty();
            assertThat(emptyPoolMove.status()).as("its status (%s)", poolsAfterMove).containsExactly(other);
            assertThat(emptyPoolMove.pages()).as("the huge page's node (%s)", poolsAfterMove).containsExactly(other);
        } else {
            assertThat(emptyPoolMove.errno()).as("move_pages to node %d with an empty pool on %s (%s)", other, release, poolsAfterMove)
                    .contains(emptyPool);
            assertThat(emptyPoolMove.pages()).as("the huge page stays (%s)", poolsAfterMove).containsExactly(local);
        }
        System.err.println("hugetlb move to an empty pool on " + release + ": status " + emptyPoolMove.status() + ", " + poolsAfterMove);

        Set<Integer> statusErrnos = numbers(SyscallBehaviour.MOVE_PAGES_HUGETLB_RACE_STATUS, version);
        Set<Integer> callErrnos = numbers(SyscallBehaviour.MOVE_PAGES_HUGETLB_RACE_ERRNO, version);
        for (HugetlbRaceOutcome race : List.of(freeing, offline)) {
            String what = (race == offline ? "race with soft offline" : "race with freeing") + " on " + release + ": " + race.summary();
            System.err.println(what);
            assertThat(race.problem()).as(what).isEmpty();
            assertThat(race.count("moves")).as("move_pages calls, " + what).isPositive();
            assertThat(race.count("rounds")).as("rounds of mmap, write, munmap, " + what).isPositive();
            assertThat(race.count("sigbus")).as("SIGBUS in the second process (4643d67e8cb0), " + what).isZero();
            assertThat(race.count("statusOther")).as("statuses beyond the reply's table of 32, " + what).isZero();
            assertThat(race.count("signal")).as("a signal that ended the second process, " + what).isZero();
            for (int status : race.status().keySet()) {
                assertThat(status >= 0 ? Set.of(local, other).contains(status) : statusErrnos.contains(-status))
                        .as("status %d allowed (a node of the two, or -errno of %s), %s", status,
                                SyscallBehaviour.MOVE_PAGES_HUGETLB_RACE_STATUS, what).isTrue();
            }
            assertThat(race.errnos().keySet()).as("move_pages' errnos, " + what).isSubsetOf(callErrnos);
            // mmap of a hugetlb range reserves its pages (hugetlb_reserve_pages()): none left is ENOMEM, as in LTP.
            assertThat(race.mapErrnos().keySet()).as("mmap's errnos, " + what).isSubsetOf(Errnos.number("ENOMEM"));
        }
        Set<Integer> offlineErrnos = numbers(SyscallBehaviour.SOFT_OFFLINE_HUGETLB_ERRNO, version);
        offlineErrnos.add(0);
        assertThat(offline.offline().keySet()).as("MADV_SOFT_OFFLINE's outcomes on " + release).isSubsetOf(offlineErrnos);

        assertThat(logAfter.status()).as("the kernel log after the race, " + release + ": " + logAfter.message().orElse(""))
                .isEqualTo(CheckResult.Status.PASSED);
        assertThat(agentsLeft).as("processes of the agent left behind").isEmpty();
    }

    private Set<Integer> numbers(String behaviour, KernelVersion version) {
        Set<Integer> numbers = new TreeSet<>();
        contract.behaviour(behaviour, version).orElseThrow().names().forEach(name -> numbers.add(Errnos.number(name)));
        return numbers;
    }

    /** The /proc/PID/stat lines of processes named hmsabi-agent other than PID 1 (the agent itself). */
    private static List<String> agentProcessesBesidesPid1(Guest guest) {
        List<AgentReply> replies = guest.session().call(guest.session().request("run", "/bin/busybox", "sh", "-c",
                "cat /proc/[0-9]*/stat 2>/dev/null"), Duration.ofSeconds(60));
        String output = replies.get(0) instanceof AgentReply.Run run ? run.output() : "";
        assertThat(output).as("the guest's process list").contains("(hmsabi-agent)");
        return output.lines().filter(line -> line.contains("(hmsabi-agent)") && !line.startsWith("1 ")).toList();
    }
}
