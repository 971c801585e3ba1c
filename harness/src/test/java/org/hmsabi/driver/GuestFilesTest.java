package org.hmsabi.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuestFilesTest {
    @Test
    void nodeListsAreParsedStrictly() {
        assertThat(GuestFiles.nodeList("0-2,5")).containsExactly(0, 1, 2, 5);
        assertThat(GuestFiles.nodeList("")).isEmpty();
        assertThat(GuestFiles.nodeList("0-1\n/etc/passwd")).isEmpty();
        assertThat(GuestFiles.nodeList("0-999999999")).hasSize(4097);
    }
}
