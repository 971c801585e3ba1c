package org.hmsabi.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Both spellings of a set of ids: the list ({@code cpulist}) and the hex mask ({@code cpumap}). */
class NodeListsTest {
    @Test
    void aListAndItsFormatRoundTrip() {
        assertThat(NodeLists.parse("0-3,8,10-11\n")).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(NodeLists.format(NodeLists.parse("0-3,8,10-11"))).isEqualTo("0-3,8,10-11");
        assertThat(NodeLists.parse("")).isEmpty();
    }

    @Test
    void aMaskIsReadWordByWordWithTheLastWordHoldingBitsZeroToThirtyOne() {
        assertThat(NodeLists.parseMask("f\n")).containsExactly(0, 1, 2, 3);
        assertThat(NodeLists.parseMask("00000001,00000000")).containsExactly(32);
        assertThat(NodeLists.parseMask("80000000,00000101")).containsExactly(0, 8, 63);
        assertThat(NodeLists.parseMask("ff,ffffffff")).hasSize(40).contains(0, 39).doesNotContain(40);
        assertThat(NodeLists.parseMask("0")).isEmpty();
    }

    @Test
    void textThatIsNoMaskIsRefused() {
        for (String bad : new String[] {"", "0-3", "xyz", "f,f", "123456789", ",00000000"}) {
            assertThatThrownBy(() -> NodeLists.parseMask(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aMaskAndAListOfTheSameCpusAgree() {
        assertThat(NodeLists.parseMask("00000000,0000f00f")).isEqualTo(NodeLists.parse("0-3,12-15"));
    }
}
