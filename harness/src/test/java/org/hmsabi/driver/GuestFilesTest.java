package org.hmsabi.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hmsabi.InfrastructureException;
import org.junit.jupiter.api.Test;

class GuestFilesTest {
    @Test
    void nodeListsAreParsedStrictly() {
        assertThat(GuestFiles.nodeList("0-2,5")).containsExactly(0, 1, 2, 5);
        assertThat(GuestFiles.nodeList("0-1\n")).containsExactly(0, 1);
        assertThat(GuestFiles.nodeList("")).isEmpty();
    }

    @Test
    void whatIsNoNodeListIsTheGuestsFailureInOneLine() {
        for (String garbage : new String[] {"0-1\n/etc/passwd", "99999999999", "0-999999999", "3-1"}) {
            assertThatThrownBy(() -> GuestFiles.nodeList(garbage)).as(garbage)
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageStartingWith("the guest printed a node mask that is no node list: '")
                    .hasMessageNotContaining("\n");
        }
    }
}
