package org.hmsabi.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The parts of an x86 bzImage's real-mode setup header that tell which kernel it is (the Linux/x86
 * boot protocol, Documentation/arch/x86/boot.rst). Reading the release from the image itself
 * means a locally built kernel needs no extra metadata.
 *
 * @param protocolVersion boot protocol version, e.g. {@code 0x020f}
 * @param versionString   the NUL-terminated string {@code kernel_version} points at, e.g.
 *                        {@code 6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP ...}
 */
public record BzImageHeader(int protocolVersion, Optional<String> versionString) {
    private static final int BOOT_FLAG_OFFSET = 0x1FE;
    private static final int BOOT_FLAG = 0xAA55;
    private static final int SETUP_SECTS_OFFSET = 0x1F1;
    private static final int HEADER_MAGIC_OFFSET = 0x202;
    private static final byte[] HEADER_MAGIC = "HdrS".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION_OFFSET = 0x206;
    private static final int KERNEL_VERSION_OFFSET = 0x20E;
    /** kernel_version arrived with protocol 2.00. */
    private static final int FIRST_PROTOCOL_WITH_KERNEL_VERSION = 0x0200;
    /** setup_sects is one byte, so setup code never exceeds (255 + 1) sectors. */
    private static final int MAX_SETUP_BYTES = 256 * 512;
    private static final int MAX_VERSION_STRING = 512;

    /** Reads the header, or returns empty when the file is not a bzImage (no boot flag or "HdrS"). */
    public static Optional<BzImageHeader> read(Path image) throws IOException {
        byte[] setup;
        try (InputStream in = Files.newInputStream(image)) {
            setup = in.readNBytes(MAX_SETUP_BYTES);
        }
        return parse(setup);
    }

    static Optional<BzImageHeader> parse(byte[] setup) {
        ByteBuffer bytes = ByteBuffer.wrap(setup).order(ByteOrder.LITTLE_ENDIAN);
        if (setup.length < KERNEL_VERSION_OFFSET + 2
                || Short.toUnsignedInt(bytes.getShort(BOOT_FLAG_OFFSET)) != BOOT_FLAG
                || !hasMagic(setup)) {
            return Optional.empty();
        }
        int protocol = Short.toUnsignedInt(bytes.getShort(VERSION_OFFSET));
        if (protocol < FIRST_PROTOCOL_WITH_KERNEL_VERSION) {
            return Optional.of(new BzImageHeader(protocol, Optional.empty()));
        }
        int pointer = Short.toUnsignedInt(bytes.getShort(KERNEL_VERSION_OFFSET));
        // A setup_sects of 0 means 4, for compatibility with ancient images.
        int setupSects = Byte.toUnsignedInt(setup[SETUP_SECTS_OFFSET]);
        int setupBytes = ((setupSects == 0 ? 4 : setupSects) + 1) * 512;
        int offset = pointer + 0x200;
        if (pointer == 0 || offset >= Math.min(setupBytes, setup.length)) {
            return Optional.of(new BzImageHeader(protocol, Optional.empty()));
        }
        return Optional.of(new BzImageHeader(protocol, cString(setup, offset)));
    }

    /** The release ({@code uname -r}): the version string up to its first blank. */
    public Optional<String> release() {
        return versionString.map(v -> v.split(" ", 2)[0]).filter(r -> !r.isEmpty());
    }

    private static boolean hasMagic(byte[] setup) {
        for (int i = 0; i < HEADER_MAGIC.length; i++) {
            if (setup[HEADER_MAGIC_OFFSET + i] != HEADER_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** A printable ASCII string ending in NUL, or empty if what is there is not one. */
    private static Optional<String> cString(byte[] setup, int offset) {
        int end = offset;
        while (end < setup.length && end - offset < MAX_VERSION_STRING && setup[end] != 0) {
            if (setup[end] < 0x20 || setup[end] > 0x7E) {
                return Optional.empty();
            }
            end++;
        }
        if (end >= setup.length || setup[end] != 0 || end == offset) {
            return Optional.empty();
        }
        return Optional.of(new String(setup, offset, end - offset, StandardCharsets.US_ASCII));
    }
}
