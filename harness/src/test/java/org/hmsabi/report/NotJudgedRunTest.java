package org.hmsabi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.TopologyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixture the runner's QEMU cannot emulate is in every report as not judged, with its one-line
 * reason, and neither passes nor fails the verdict: a passing gate stays PASS (exit 0), a failing
 * one FAIL (exit 1); a gate that judged nothing at all is no pass (exit 3).
 */
class NotJudgedRunTest {
    private static final String REASON = "CXL generic ports (QEMU's acpi-generic-port) need QEMU 9.2 or later, but the host runner's"
            + " QEMU is 7.2; use --runner auto (QEMU 10.0 in the trixie container, for these fixtures)";

    private static TopologyRun notJudged() {
        return new TopologyRun("cxl-expander", TopologyRun.Status.NOT_JUDGED, Optional.of(REASON), List.of(), List.of(), List.of(),
                Optional.empty(), Outcomes.reproduce("cxl-expander") + " --runner auto");
    }

    private static GateOutcome passingWithIt() {
        return Outcomes.outcome(List.of(Outcomes.compared("two-socket", List.of(), List.of()), notJudged()));
    }

    @Test
    void itDoesNotChangeTheVerdict() {
        assertThat(passingWithIt().exitCode()).isZero();
        assertThat(Verdict.of(passingWithIt())).isEqualTo(Verdict.PASS);
        GateOutcome failing = Outcomes.outcome(List.of(Outcomes.compared("two-socket",
                List.of(Outcomes.testingTierChange(org.hmsabi.diff.Finding.Severity.FAILURE)), List.of()), notJudged()));
        assertThat(failing.exitCode()).isEqualTo(1);
    }

    @Test
    void aRunThatJudgedNothingIsNoPass() {
        GateOutcome onlyIt = Outcomes.outcome(List.of(notJudged()));
        assertThat(onlyIt.exitCode()).isEqualTo(3);
        assertThat(Verdict.of(onlyIt)).isEqualTo(Verdict.ERROR);
        assertThat(SummaryWriter.render(onlyIt)).contains("hmsabi gate: ERROR (exit 3)\nnothing judged: ");
        assertThat(SummaryWriter.render(passingWithIt())).doesNotContain("nothing judged");
    }

    @Test
    void theSummaryNamesItAndWhy() {
        String summary = SummaryWriter.render(passingWithIt());
        assertThat(summary).contains("hmsabi gate: PASS (exit 0)");
        assertThat(summary.lines().filter(line -> line.contains("cxl-expander")).findFirst()).hasValueSatisfying(line ->
                assertThat(line).contains("NOT JUDGED"));
        assertThat(summary).contains("not judged: " + REASON.substring(0, 40));
    }

    @Test
    void junitAndKtapSkipItWithTheReason(@TempDir Path results) throws Exception {
        JunitWriter.write(passingWithIt(), results);
        String junit = Files.readString(results.resolve("junit/abi-diff.xml"));
        assertThat(junit).contains("classname=\"hmsabi.abi-diff.cxl-expander\"").contains("<skipped").contains("not judged: CXL generic ports");
        StringWriter ktap = new StringWriter();
        KtapWriter.write(passingWithIt(), new PrintWriter(ktap));
        assertThat(ktap.toString()).containsPattern("ok [0-9]+ cxl-expander # SKIP");
    }

    @Test
    void theOutcomeFileKeepsIt(@TempDir Path results) {
        OutcomeJson.write(passingWithIt(), results);
        GateOutcome read = OutcomeJson.read(results);
        assertThat(read.runs()).extracting(TopologyRun::status).containsExactly(TopologyRun.Status.COMPARED, TopologyRun.Status.NOT_JUDGED);
        assertThat(read.runs().get(1).problem()).contains(REASON);
    }
}
