package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.check.CheckResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hmsabi.diff.Finding;
import org.hmsabi.spec.Stability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports of 'hmsabi check': suites only, and each diff a check judged shown as a table. */
class CheckRunReportTest {
    private static final String KERNEL = "debian:6.12.117+deb12";

    private static GateOutcome checkRun() {
        Finding online = new Finding(Finding.Kind.VALUE_CHANGED, Finding.Severity.INFO, Stability.STABLE,
                "/sys/devices/system/node/online", List.of("/sys/devices/system/node/online"), Optional.of("0-2"), Optional.of("0-3"),
                Optional.of("expected with new memory on node 3 (hot-plug allow-list)"));
        CheckResult diffCheck = new CheckResult("hotplug", "dimm0 add 256M to node 3: abi diff before/after", KERNEL,
                CheckResult.Status.PASSED, Optional.of("1 finding(s), all on the allow-list"), Optional.of(List.of(online)));
        CheckResult skipped = new CheckResult("hotplug", "cxl-type3 volatile 256M", KERNEL, CheckResult.Status.SKIPPED,
                Optional.of("no volatile-memdev"));
        TopologyRun run = new TopologyRun("cxl-far-memory", TopologyRun.Status.COMPARED, Optional.empty(), List.of(), List.of(),
                List.of(diffCheck, skipped), Optional.empty(), "./hmsabi check --kernel " + KERNEL);
        return new GateOutcome(KERNEL, KERNEL, false, Outcomes.STARTED, Duration.ofSeconds(9), List.of(run),
                "./hmsabi check --kernel " + KERNEL + " --suite hotplug", GateOutcome.Kind.CHECK);
    }

    @Test
    void aCheckRunHasNoAbiDiffCaseAndShowsTheJudgedDiff(@TempDir Path dir) throws IOException {
        GateOutcome outcome = checkRun();

        assertThat(ReportCases.of(outcome)).extracting(ReportCase::suite).containsOnly("hotplug");
        assertThat(outcome.exitCode()).isZero();
        assertThat(SummaryWriter.render(outcome)).startsWith("hmsabi check: PASS")
                .contains("  SKIPPED hotplug cxl-far-memory " + KERNEL + ": cxl-type3 volatile 256M: no volatile-memdev\n");
        assertThat(SummaryWriter.renderDetails(outcome)).contains("Diffs judged by checks")
                .contains("dimm0 add 256M to node 3: abi diff before/after").contains("0-2 → 0-3");
        assertThat(ReportCases.of(outcome).get(0).details()).contains("/sys/devices/system/node/online");

        Reports.writeAll(outcome, dir);
        try (Stream<Path> files = Files.list(dir.resolve(AllureWriter.DIRECTORY))) {
            List<String> tables = files.filter(file -> file.toString().endsWith("-attachment.html")).map(CheckRunReportTest::read).toList();
            assertThat(tables).singleElement().satisfies(html -> assertThat(html).contains("<table>").contains("hot-plug allow-list"));
        }
    }

    @Test
    void aGateOfAKernelAgainstItselfIsStillAGate() {
        GateOutcome gate = new GateOutcome(KERNEL, KERNEL, false, Outcomes.STARTED, Duration.ZERO, checkRun().runs(), "./hmsabi gate");

        assertThat(gate.isCheckRun()).isFalse();
        assertThat(ReportCases.of(gate)).extracting(ReportCase::suite).contains(ReportCase.DIFF_SUITE);
    }

    @Test
    void hotPlugRunsReproduceWithTheirFixture() {
        assertThat(org.hmsabi.gate.TopologyRun.fixtureOf("cxl-far-memory.hotplug-dimm0")).isEqualTo("cxl-far-memory");
        assertThat(org.hmsabi.gate.TopologyRun.fixtureOf("two-socket-hbm")).isEqualTo("two-socket-hbm");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
