package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the smallest file {@link BzImageHeader} accepts: a setup header and a version string. */
final class FakeBzImage {
    static final int SETUP_SECTS = 4;
    /** Inside the setup code, where real images keep it too. */
    static final int VERSION_STRING_OFFSET = 0x600;

    private FakeBzImage() {}

    static byte[] withVersion(String versionString) {
        ByteBuffer image = header(0x020f);
        byte[] text = versionString.getBytes(StandardCharsets.US_ASCII);
        image.putShort(0x20E, (short) (VERSION_STRING_OFFSET - 0x200));
        image.put(VERSION_STRING_OFFSET, text);
        image.put(VERSION_STRING_OFFSET + text.length, (byte) 0);
        return image.array();
    }

    /** A boot header whose kernel_version pointer is zero (no version string). */
    static byte[] withoutVersion() {
        return header(0x020f).array();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private static ByteBuffer header(int protocol) {
        ByteBuffer image = ByteBuffer.allocate((SETUP_SECTS + 1) * 512 + 1024).order(ByteOrder.LITTLE_ENDIAN);
        image.put(0x1F1, (byte) SETUP_SECTS);
        image.putShort(0x1FE, (short) 0xAA55);
        image.put(0x202, "HdrS".getBytes(StandardCharsets.US_ASCII));
        image.putShort(0x206, (short) protocol);
        return image;
    }
}
