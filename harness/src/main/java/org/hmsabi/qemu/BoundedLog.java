package org.hmsabi.qemu;

import java.nio.charset.StandardCharsets;

/**
 * Text a guest or QEMU printed, kept within a fixed memory bound: the first {@code headLimit}
 * bytes (where a boot failure usually starts) and the last {@code tailLimit} bytes (where it
 * ends). Everything a guest prints is untrusted, so nothing here grows without bound.
 */
public final class BoundedLog {
    private final int headLimit;
    private final byte[] tail;
    private final StringBuilder head = new StringBuilder();
    private int tailStart;
    private int tailLength;
    private long totalBytes;

    public BoundedLog(int headLimit, int tailLimit) {
        this.headLimit = headLimit;
        this.tail = new byte[tailLimit];
    }

    public synchronized void append(byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            byte b = data[offset + i];
            if (totalBytes < headLimit) {
                head.append((char) (b & 0xff));
            } else {
                tail[(tailStart + tailLength) % tail.length] = b;
                if (tailLength < tail.length) {
                    tailLength++;
                } else {
                    tailStart = (tailStart + 1) % tail.length;
                }
            }
            totalBytes++;
        }
    }

    public synchronized long totalBytes() {
        return totalBytes;
    }

    /** The retained text, with a marker where bytes were dropped; control characters are made visible-safe. */
    public synchronized String text() {
        StringBuilder out = new StringBuilder(head);
        long dropped = totalBytes - head.length() - tailLength;
        if (dropped > 0) {
            out.append("\n[... ").append(dropped).append(" bytes not kept ...]\n");
        }
        byte[] ordered = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) {
            ordered[i] = tail[(tailStart + i) % tail.length];
        }
        out.append(new String(ordered, StandardCharsets.ISO_8859_1));
        return sanitize(out);
    }

    /** The last {@code lines} lines of the retained text. */
    public String lastLines(int lines) {
        String text = text();
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines - (text.endsWith("\n") ? 1 : 0));
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length)).stripTrailing();
    }

    private static String sanitize(CharSequence raw) {
        StringBuilder clean = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
                clean.append(c);
            } else if (c != '\r') {
                clean.append('?');
            }
        }
        return clean.toString();
    }
}
