package org.hmsabi.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedLogTest {

    @Test
    void keepsHeadAndTailOfAFloodAndSaysWhatWasDropped() {
        BoundedLog log = new BoundedLog(10, 10);
        byte[] flood = ("HEAD567890" + "x".repeat(1_000_000) + "TAIL567890").getBytes(StandardCharsets.US_ASCII);
        log.append(flood, 0, flood.length);
        assertThat(log.totalBytes()).isEqualTo(flood.length);
        assertThat(log.text()).startsWith("HEAD567890").endsWith("TAIL567890").contains("[... 1000000 bytes not kept ...]");
        assertThat(log.text().length()).isLessThan(100);
    }

    @Test
    void replacesControlAndBinaryBytes() {
        BoundedLog log = new BoundedLog(100, 100);
        byte[] data = {'o', 'k', 0x1b, '[', '0', 'm', (byte) 0xff, '\r', '\n'};
        log.append(data, 0, data.length);
        assertThat(log.text()).isEqualTo("ok?[0m?\n");
    }

    @Test
    void lastLinesOfTheTail() {
        BoundedLog log = new BoundedLog(4, 100);
        byte[] data = "one\ntwo\nthree\nfour\n".getBytes(StandardCharsets.US_ASCII);
        log.append(data, 0, data.length);
        assertThat(log.lastLines(2)).isEqualTo("three\nfour");
    }
}
