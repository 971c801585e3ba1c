package org.hmsabi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void longCellsWrapWithinTheirColumnAndLinesStayWithinTheWidth() {
        String long_ = "word ".repeat(60).strip();
        String text = new TextTable("  ", List.of("A", "B", "C"), 10, 40, 80).row("a", long_, long_).note(long_).render();

        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(TextTable.LINE_WIDTH));
        assertThat(text.lines().skip(1).findFirst().orElseThrow()).startsWith("  a  word word");
        assertThat(text).contains("…"); // more than six lines of a cell are cut
    }

    @Test
    void aWordLongerThanTheColumnIsBrokenHard() {
        assertThat(TextTable.wrap("x".repeat(25), 10)).containsExactly("xxxxxxxxxx", "xxxxxxxxxx", "xxxxx");
    }

    @Test
    void aWholeColumnIsNeverBrokenSoAGrepFindsThePath() {
        String path = "/sys/kernel/mm/mempolicy/weighted_interleave/node<N> on nodes 0-2 (values differ by node)";
        String text = new TextTable("", List.of("SEVERITY", "KIND", "SUBJECT", "CHANGE"), 8, 14, TextTable.WHOLE, 60)
                .row("WARNING", "VALUE_CHANGED", path, "word ".repeat(20).strip()).render();

        assertThat(text).contains(path);
        assertThat(text.lines().skip(1).findFirst().orElseThrow()).contains("VALUE_CHANGED  " + path);
    }
}
