package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BzImageHeaderTest {
    @TempDir
    Path dir;

    @Test
    void releaseIsTheVersionStringUpToTheFirstBlank() throws IOException {
        Path image = FakeBzImage.write(dir.resolve("bzImage"), FakeBzImage.withVersion(
                "6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"));
        BzImageHeader header = BzImageHeader.read(image).orElseThrow();
        assertThat(header.protocolVersion()).isEqualTo(0x020f);
        assertThat(header.versionString()).hasValueSatisfying(v -> assertThat(v).startsWith("6.1.0-56-amd64 (debian"));
        assertThat(header.release()).contains("6.1.0-56-amd64");
    }

    @Test
    void notABzImage() throws IOException {
        assertThat(BzImageHeader.read(FakeBzImage.write(dir.resolve("vmlinux"), "\u007fELF and more".getBytes())))
                .isEmpty();
        assertThat(BzImageHeader.read(FakeBzImage.write(dir.resolve("empty"), new byte[0]))).isEmpty();
        byte[] noMagic = FakeBzImage.withVersion("6.1.0");
        noMagic[0x202] = 'X';
        assertThat(BzImageHeader.parse(noMagic)).isEmpty();
    }

    @Test
    void noVersionPointerMeansNoRelease() {
        BzImageHeader header = BzImageHeader.parse(FakeBzImage.withoutVersion()).orElseThrow();
        assertThat(header.release()).isEmpty();
    }

    @Test
    void pointerOutsideTheSetupCodeIsIgnored() {
        byte[] image = FakeBzImage.withVersion("6.1.0-56-amd64 x");
        ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putShort(0x20E, (short) 0x7000);
        assertThat(BzImageHeader.parse(image).orElseThrow().versionString()).isEmpty();
    }

    @Test
    void unterminatedOrBinaryVersionIsIgnored() {
        byte[] image = FakeBzImage.withVersion("6.1.0-56-amd64");
        Arrays.fill(image, FakeBzImage.VERSION_STRING_OFFSET, image.length, (byte) 'a');
        assertThat(BzImageHeader.parse(image).orElseThrow().versionString()).isEmpty();
        byte[] binary = FakeBzImage.withVersion("6.1.0\u0001-56");
        assertThat(BzImageHeader.parse(binary).orElseThrow().versionString()).isEmpty();
    }
}
