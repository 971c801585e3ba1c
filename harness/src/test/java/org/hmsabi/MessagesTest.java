package org.hmsabi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MessagesTest {
    @Test
    void theFirstLineOfAMessage() {
        assertThat(Messages.firstLine("one\ntwo")).isEqualTo("one");
        assertThat(Messages.firstLine("one\r\ntwo")).isEqualTo("one");
        assertThat(Messages.firstLine("one")).isEqualTo("one");
        assertThat(Messages.firstLine("")).isEmpty();
        assertThat(Messages.firstLine((String) null)).isEmpty();
        assertThat(Messages.firstLine("\nsecond")).isEmpty();
    }

    @Test
    void theFirstLineOfAFailure() {
        assertThat(Messages.firstLine(new IOException("disk full\n at somewhere"))).isEqualTo("disk full");
        // Without a message: its kind in the user's terms, never a Java class name.
        assertThat(Messages.firstLine(new IllegalStateException())).isEqualTo("an internal error of hmsabi");
        assertThat(Messages.firstLine(new IOException())).isEqualTo("an input/output error");
    }

    @Test
    void aMultiLineTextOnOneLine() {
        assertThat(Messages.joinLines("  one \n  two\r\nthree\n")).isEqualTo("one two three");
        assertThat(Messages.joinLines("a\nb", " | ")).isEqualTo("a | b");
        assertThat(Messages.joinLines("a\nb", "$1")).isEqualTo("a$1b");
    }
}
