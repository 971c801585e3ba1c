package org.hmsabi.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaintFlagsTest {
    @Test
    void anOutOfTreeUnsignedModuleIsOAndEAndDoesNotFail() {
        assertThat(TaintFlags.letters(12288)).containsExactly("O", "E");
        assertThat(TaintFlags.fails(12288)).isFalse();
    }

    @Test
    void aWarningOrAnOopsFails() {
        assertThat(TaintFlags.letters(512 | 128)).containsExactly("D", "W");
        assertThat(TaintFlags.fails(512)).isTrue();
        assertThat(TaintFlags.fails(128)).isTrue();
    }

    @Test
    void unknownBitsAreNamedByNumber() {
        assertThat(TaintFlags.letters(1L << 40)).containsExactly("bit40");
    }
}
