package org.hmsabi.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.hmsabi.guest.FakeAgent;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.model.ThpPlacement;
import org.hmsabi.spec.MempolicyBacking;
import org.hmsabi.spec.MempolicyCall;
import org.hmsabi.spec.MempolicyMode;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HugePages} against a fake guest (the harness's agent session is the real one, over a Unix
 * socket; only the guest is played by the test, with a sysfs that behaves as the kernel's does:
 * a pool holds what its node can supply, a write the kernel refuses gives its errno).
 */
class HugePagesTest {
    private static final String THP = "/sys/kernel/mm/transparent_hugepage/enabled";
    private static final SyscallCase HUGETLB = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(2)
            .withBacking(MempolicyBacking.HUGETLB).withPages(1).touched();
    private static final SyscallCase ON_THP = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(2)
            .withBacking(MempolicyBacking.THP).withPages(1).touched();
    private static final SyscallCase ANON = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(2).touched();
    private static final List<Integer> NODES = List.of(0, 2);

    @TempDir
    Path dir;

    private static String pool(int node) {
        return "/sys/devices/system/node/node" + node + "/hugepages/hugepages-2048kB/nr_hugepages";
    }

    /** A guest's sysfs as far as HugePages and the syscall capture use it. */
    private static final class Sysfs implements FakeAgent.Answers {
        private static final ObjectMapper JSON = new ObjectMapper();
        final Map<String, String> files = new ConcurrentHashMap<>();
        /** The pages each node can supply; a node not named supplies what is asked. */
        final Map<Integer, Integer> capacity = new ConcurrentHashMap<>();
        /** Writes the kernel refuses, by path, with their errno. */
        final Map<String, String> refused = new ConcurrentHashMap<>();
        /** What a read of a path shows instead of the file (a misbehaving guest). */
        final Map<String, String> shown = new ConcurrentHashMap<>();
        Function<String, String> mempolicy = args -> "\"result\":0";

        Sysfs(String thpMode) {
            NODES.forEach(node -> files.put(pool(node), "0\n"));
            files.put(THP, thpMode + "\n");
            files.put(SyscallCapture.NUMA_BALANCING, "0\n");
        }

        @Override
        public String answer(FakeAgent.Request request) {
            String path = request.args().isEmpty() ? "" : request.args().get(0);
            return switch (request.op()) {
                case "read" -> shown.containsKey(path) ? "\"value\":" + quote(shown.get(path))
                        : files.containsKey(path) ? "\"value\":" + quote(files.get(path)) : "\"errno\":2,\"error\":\"ENOENT\"";
                case "write" -> write(path, request.args().get(1));
                case "mempolicy" -> mempolicy.apply(String.join(" ", request.args()));
                default -> "\"errno\":22,\"error\":\"EINVAL\",\"message\":\"unknown op\"";
            };
        }

        private String write(String path, String value) {
            if (refused.containsKey(path)) {
                return "\"path\":" + quote(path) + ",\"errno\":12,\"error\":" + quote(refused.get(path));
            }
            if (path.equals(THP)) {
                files.put(THP, String.join(" ", List.of("always", "madvise", "never").stream()
                        .map(mode -> mode.equals(value) ? "[" + mode + "]" : mode).toList()) + "\n");
            } else {
                int node = NODES.stream().filter(n -> pool(n).equals(path)).findFirst().orElseThrow();
                files.put(path, Math.min(Integer.parseInt(value), capacity.getOrDefault(node, Integer.MAX_VALUE)) + "\n");
            }
            return "\"path\":" + quote(path) + ",\"ok\":true";
        }

        private static String quote(String text) {
            try {
                return JSON.writeValueAsString(text);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<String> writes(FakeAgent agent) {
        return agent.requests().stream().filter(r -> r.op().equals("write")).map(FakeAgent.Request::toString).toList();
    }

    @Test
    void everyPoolIsFilledBeforeTheCasesAndEmptiedAfterThem() throws IOException {
        Sysfs sysfs = new Sysfs("always [madvise] never");
        try (FakeAgent agent = FakeAgent.start(dir, sysfs)) {
            try (HugePages pages = HugePages.around(agent.client(), NODES, List.of(ANON, HUGETLB))) {
                assertThat(pages.reserved()).isEqualTo(Map.of(0, 2, 2, 2));
                assertThat(pages.hugetlbUnavailable()).isEmpty();
                assertThat(sysfs.files).containsEntry(pool(0), "2\n").containsEntry(pool(2), "2\n");
            }
            assertThat(agent.requests()).extracting(FakeAgent.Request::toString).containsExactly(
                    "write " + pool(0) + " 2", "read " + pool(0), "write " + pool(2) + " 2", "read " + pool(2),
                    "write " + pool(0) + " 0", "write " + pool(2) + " 0");
            assertThat(sysfs.files).containsEntry(pool(0), "0\n").containsEntry(pool(2), "0\n");
        }
    }

    @Test
    void casesWithoutHugePagesTouchNothing() throws IOException {
        try (FakeAgent agent = FakeAgent.start(dir, new Sysfs("[always] madvise never"))) {
            try (HugePages pages = HugePages.around(agent.client(), NODES, List.of(ANON))) {
                assertThat(pages.reserved()).isEmpty();
                assertThat(pages.hugetlbUnavailable()).isEmpty();
            }
            assertThat(agent.requests()).isEmpty();
        }
    }

    @Test
    void theThpModeIsSetForTheCasesAndPutBackWhenItWasAnother() throws IOException {
        Sysfs sysfs = new Sysfs("[always] madvise never");
        try (FakeAgent agent = FakeAgent.start(dir, sysfs)) {
            try (HugePages pages = HugePages.around(agent.client(), NODES, List.of(ON_THP))) {
                assertThat(sysfs.files.get(THP)).isEqualTo("always [madvise] never\n");
                assertThat(pages.reserved()).as("no hugetlb case: no pool").isEmpty();
            }
            assertThat(agent.requests()).extracting(FakeAgent.Request::toString)
                    .containsExactly("read " + THP, "write " + THP + " madvise", "write " + THP + " always");
            assertThat(sysfs.files.get(THP)).isEqualTo("[always] madvise never\n");
        }
    }

    @Test
    void aThpModeThatIsAlreadyMadviseIsNeitherWrittenNorPutBack() throws IOException {
        try (FakeAgent agent = FakeAgent.start(dir, new Sysfs("always [madvise] never"))) {
            HugePages.around(agent.client(), NODES, List.of(ON_THP)).close();
            assertThat(agent.requests()).extracting(FakeAgent.Request::toString).containsExactly("read " + THP);
        }
    }

    @Test
    void aPoolThatCannotBeFilledMakesHugetlbNotAvailableNamingThePools() throws IOException {
        Sysfs sysfs = new Sysfs("always [madvise] never");
        sysfs.capacity.put(2, 1);
        try (FakeAgent agent = FakeAgent.start(dir, sysfs)) {
            try (HugePages pages = HugePages.around(agent.client(), NODES, List.of(HUGETLB))) {
                assertThat(pages.reserved()).isEqualTo(Map.of(0, 2, 2, 1));
                assertThat(pages.hugetlbUnavailable()).contains("2 MiB huge pages could not be reserved on every memory node"
                        + " (pools after writing 2 to /sys/devices/system/node/node<N>/hugepages/hugepages-2048kB/nr_hugepages: {0=2, 2=1})");
            }
            assertThat(writes(agent)).as("both pools emptied, the one that held too few too")
                    .endsWith("write " + pool(0) + " 0", "write " + pool(2) + " 0");
        }
    }

    @Test
    void aRefusedPoolWriteHoldsNothingAndIsNotReadBack() throws IOException {
        Sysfs sysfs = new Sysfs("always [madvise] never");
        sysfs.refused.put(pool(0), "ENOMEM");
        try (FakeAgent agent = FakeAgent.start(dir, sysfs)) {
            try (HugePages pages = HugePages.around(agent.client(), NODES, List.of(HUGETLB))) {
                assertThat(pages.reserved()).isEqualTo(Map.of(0, 0, 2, 2));
                assertThat(pages.hugetlbUnavailable()).get().asString().contains("{0=0, 2=2}");
            }
            assertThat(agent.requests()).extracting(FakeAgent.Request::toString).doesNotContain("read " + pool(0));
        }
    }

    @Test
    void badValuesReadBackFromTheGuestAreBounded() throws IOException {
        for (String shown : List.of("9999999\n", "-2\n", "2 pages\n", "0x2\n", "", "9".repeat(200_000))) {
            Sysfs sysfs = new Sysfs("always [madvise] never");
            sysfs.shown.put(pool(2), shown);
            try (FakeAgent agent = FakeAgent.start(dir, sysfs);
                 HugePages pages = HugePages.around(agent.client(), NODES, List.of(HUGETLB))) {
                assertThat(pages.reserved()).as("pool read back as %.20s", shown).isEqualTo(Map.of(0, 2, 2, 0));
                assertThat(pages.hugetlbUnavailable()).as("pool read back as %.20s", shown).isPresent();
            }
        }
        for (String mode : List.of("[../../../etc/passwd] never", "[" + "a".repeat(17) + "] never", "a".repeat(200_000),
                "[always] [never]", "")) {
            Sysfs sysfs = new Sysfs("always [madvise] never");
            sysfs.shown.put(THP, mode);
            try (FakeAgent agent = FakeAgent.start(dir, sysfs)) {
                HugePages.around(agent.client(), NODES, List.of(ON_THP)).close();
                assertThat(writes(agent)).as("a mode read as %.30s is not one to put back: nothing is written", mode).isEmpty();
            }
        }
    }

    @Test
    void theCaptureRecordsHugetlbCasesAsNotAvailableWithoutRunningThemAndThpCasesWithTheirPlacement() throws IOException {
        Sysfs sysfs = new Sysfs("[always] madvise never");
        sysfs.capacity.put(2, 0);
        String basePages = String.join(",", Collections.nCopies(ThpPlacement.BASE_PAGES, "2"));
        sysfs.mempolicy = args -> args.contains("backing=thp") ? "\"result\":0,\"pages\":[" + basePages + "],\"thpKb\":[0,2048]"
                : "\"result\":0";
        SyscallFacts facts = new SyscallFacts(new TreeSet<>(NODES), new TreeSet<>(NODES), 3);
        List<SyscallRecord> records;
        try (FakeAgent agent = FakeAgent.start(dir, sysfs)) {
            records = new SyscallCapture(agent.client()).capture(facts);
            assertThat(agent.requests()).filteredOn(r -> r.op().equals("mempolicy")).as("no hugetlb case is run")
                    .noneMatch(r -> r.args().contains("backing=hugetlb"));
            assertThat(sysfs.files.get(THP)).as("the THP mode put back").isEqualTo("[always] madvise never\n");
            assertThat(sysfs.files).containsEntry(pool(0), "0\n").containsEntry(pool(2), "0\n");
        }
        assertThat(records).filteredOn(r -> "hugetlb".equals(r.args().get("backing"))).isNotEmpty()
                .allSatisfy(r -> assertThat(r.errno()).as(r.id()).isEqualTo(SyscallRecord.NOT_AVAILABLE));
        assertThat(records).filteredOn(r -> "thp".equals(r.args().get("backing"))).isNotEmpty().allSatisfy(r -> {
            assertThat(r.placement()).as(r.id()).isEmpty();
            assertThat(r.thp()).as(r.id()).isEqualTo(new ThpPlacement(List.of(new ThpPlacement.Run(0, 2, 512)),
                    new ThpPlacement.AnonHugePages(0, 2048), null));
        });
        Set<String> otherErrnos = new TreeSet<>();
        records.stream().filter(r -> r.args().get("backing") == null).forEach(r -> otherErrnos.add(String.valueOf(r.errno())));
        assertThat(otherErrnos).as("the other cases ran").containsExactly("null");
    }
}
