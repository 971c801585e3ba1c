package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import org.hmsabi.diff.Finding;
import org.junit.jupiter.api.Test;

class SummaryWriterTest {

    @Test
    void passingRunSaysPassAndShowsWarningsAndAdditions() {
        String summary = SummaryWriter.render(Outcomes.passing());

        assertThat(summary.lines().findFirst()).contains("hmsabi gate: PASS (exit 0)");
        assertThat(summary).contains("baseline:   debian:6.1.0-56 (6.1.0-56-amd64)")
                .contains("candidate:  debian:6.12.115+deb12 (6.12.115+deb12-amd64)")
                .contains("Checks: 1 passed, 0 failed, 0 skipped")
                .contains("Findings (2): 0 fail, 1 warn, 1 info (1 ADDED)")
                // a warning is one whole line: severity, kind, stability, topology, subject, change
                .contains("\n  WARNING VALUE_CHANGED testing two-socket-hbm: node 2 memory tier: memory_tier4 → memory_tier22\n")
                .doesNotContain("weighted_interleave"); // information is counted, not listed
        assertThat(summary.lines().filter(line -> line.contains("two-socket-hbm") && line.contains("PASS"))).hasSize(1);
        assertThat(SummaryWriter.renderDetails(Outcomes.passing())).contains("memory_tier4 → memory_tier22")
                .contains("weighted_interleave");
    }

    @Test
    void theQemuThatBootedTheGuestsIsShownWhenKnown() {
        String qemu = "container hmsabi/qemu:0123456789abcdef: QEMU emulator version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)";

        assertThat(SummaryWriter.render(Outcomes.passing().withQemu(qemu))).contains("\nqemu:       " + qemu + "\n");
        assertThat(SummaryWriter.render(Outcomes.passing())).doesNotContain("qemu:");
    }

    @Test
    void aLongSubjectStaysOnOneLineWhole() {
        String path = "/sys/kernel/mm/mempolicy/weighted_interleave/node<N> on nodes 0-2 (values differ by node)";
        Finding wide = new Finding(Finding.Kind.VALUE_CHANGED, Finding.Severity.WARNING, org.hmsabi.spec.Stability.TESTING, path,
                java.util.List.of("/sys/kernel/mm/mempolicy/weighted_interleave/node0"), java.util.Optional.of("1"),
                java.util.Optional.of("-"), java.util.Optional.empty());
        GateOutcome outcome = Outcomes.withFindings("two-socket-hbm", java.util.List.of(wide));

        assertThat(SummaryWriter.render(outcome).lines().filter(line -> line.contains(path)))
                .singleElement().asString().endsWith(": 1 → -");
    }

    @Test
    void failingRunNamesEveryFailureAndHowToReproduceIt() {
        String summary = SummaryWriter.render(Outcomes.failing());

        // A not-booted topology makes the run an infrastructure error (exit 3), and it is said first.
        assertThat(summary.lines().findFirst()).contains("hmsabi gate: ERROR (exit 3)");
        assertThat(summary.lines().filter(line -> line.startsWith("  NOT BOOTED") && line.contains("hms-4s32g"))).hasSize(1);
        assertThat(summary).contains("not booted: candidate guest hung: no output for 240 s");
        assertThat(summary.lines().filter(line -> line.contains("FAIL") && line.contains("two-socket-hbm"))).isNotEmpty();
        assertThat(summary).contains("\n  FAILURE REMOVED ")
                .contains("10 → -")
                .contains("1 waived or documented")
                .contains("Checks: 1 passed, 1 failed, 1 skipped")
                .contains("no MPOL_WEIGHTED_INTERLEAVE")
                .contains(Outcomes.reproduce("two-socket-hbm"))
                .contains(Outcomes.reproduce("hms-4s32g"))
                .contains("./hmsabi check --kernel debian:6.12.115+deb12 --topology two-socket-hbm --suite conformance");
    }

    @Test
    void tablesStayWithinOneHundredCharacters() {
        for (GateOutcome outcome : new GateOutcome[] {Outcomes.passing(), Outcomes.failing(), Outcomes.empty()}) {
            assertThat(SummaryWriter.render(outcome).lines()
                    .filter(line -> !line.startsWith("    ./hmsabi")) // a command is never cut: it must paste whole
                    .filter(line -> !line.matches("  (FAILURE|WARNING|FAILED|SKIPPED) .*"))) // nor is a finding or a check
                    .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(TextTable.LINE_WIDTH));
            assertThat(SummaryWriter.renderDetails(outcome).lines()).allSatisfy(line ->
                    assertThat(line.length()).isLessThanOrEqualTo(TextTable.LINE_WIDTH));
        }
    }

    @Test
    void emptyRunSaysNothingWasCompared() {
        String summary = SummaryWriter.render(Outcomes.empty());

        assertThat(summary).startsWith("hmsabi gate: PASS (exit 0)")
                .contains("Topologies (0)").contains("none were run").contains("Findings (0): 0 fail, 0 warn, 0 info");
    }

    @Test
    void columnsAreAligned() {
        String summary = SummaryWriter.renderDetails(Outcomes.failing());
        var findingLines = summary.lines().filter(line -> line.startsWith("    ") && line.matches("\\s+(SEVERITY|FAILURE|WARNING|INFO)\\b.*")).toList();

        assertThat(findingLines).hasSize(5);
        int kindColumn = findingLines.get(0).indexOf("KIND");
        assertThat(findingLines).allSatisfy(line -> assertThat(line.charAt(kindColumn - 1)).isEqualTo(' '));
        assertThat(findingLines.get(1).substring(kindColumn)).startsWith("REMOVED");
    }
}
