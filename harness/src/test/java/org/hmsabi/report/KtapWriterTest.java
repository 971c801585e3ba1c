package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class KtapWriterTest {

    static List<String> ktap(GateOutcome outcome) {
        StringWriter text = new StringWriter();
        KtapWriter.write(outcome, new PrintWriter(text));
        return text.toString().lines().toList();
    }

    @Test
    void failingRunHasSubtestsPerTopology() {
        List<String> lines = ktap(Outcomes.failing());

        assertThat(lines.get(0)).isEqualTo("KTAP version 1");
        assertThat(lines).contains("1..2",
                "  KTAP version 1",
                "  1..4",
                "  not ok 1 abi-diff",
                "  ok 2 conformance.node_has_memory [debian:6.12.115+deb12]",
                "  not ok 3 conformance.distance_symmetric [debian:6.12.115+deb12]",
                "  ok 4 syscalls.set_mempolicy weighted_interleave [debian:6.1.0-56] # SKIP kernel before 6.9 has no MPOL_WEIGHTED_INTERLEAVE",
                "not ok 1 two-socket-hbm",
                "  1..1",
                "  not ok 1 abi-diff # ERROR candidate guest hung: no output for 240 s",
                "not ok 2 hms-4s32g");
        assertThat(lines.indexOf("  # node 0 -> 1 is 21, node 1 -> 0 is 20"))
                .isLessThan(lines.indexOf("  not ok 3 conformance.distance_symmetric [debian:6.12.115+deb12]"));
    }

    @Test
    void nestingIsTwoSpacesPerLevelAsKtapRstSays() {
        assertThat(ktap(Outcomes.failing())).allSatisfy(line -> assertThat(line).matches("(  )?[^ ].*"));
    }

    @Test
    void everyLineIsAKtapLine() {
        assertThat(ktap(Outcomes.failing())).allSatisfy(line -> assertThat(line.strip())
                .matches("KTAP version 1|1\\.\\.\\d+( # SKIP .*)?|ok \\d+ [^#]+( # SKIP .*)?|not ok \\d+ [^#]+( # ERROR .*)?|# .*"));
    }

    @Test
    void passingAndEmptyRuns() {
        assertThat(ktap(Outcomes.passing())).contains("1..1", "  ok 1 abi-diff", "ok 1 two-socket-hbm")
                .noneMatch(line -> line.contains("not ok"));
        assertThat(ktap(Outcomes.empty())).contains("KTAP version 1", "1..0 # SKIP no topologies were run");
    }
}
