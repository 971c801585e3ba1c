package org.hmsabi.topology;

/**
 * The fixture syntax for sizes, latencies and bandwidths, for other files that state the same
 * quantities (validate-driver's expect files): one syntax everywhere. Each parser throws
 * {@link IllegalArgumentException} with a message that says what is wrong and how to write it.
 */
public final class Quantities {
    private Quantities() {
    }

    /** {@code 256M}, {@code 1G}, {@code 512MiB} or a number of bytes. */
    public static long bytes(Object value) {
        return ByteSize.of(value).bytes();
    }

    /** {@code 250ns} or {@code 2us}, in nanoseconds. */
    public static long latencyNs(Object value) {
        return Latency.of(value).nanoseconds();
    }

    /** {@code 8GiB/s} or {@code 512MiB/s}, in MiB/s (what sysfs calls MB/s). */
    public static long bandwidthMiBps(Object value) {
        return Bandwidth.of(value).mebibytesPerSecond();
    }

    /** A size the way fixtures write it, e.g. {@code 256M}. */
    public static String formatBytes(long bytes) {
        return ByteSize.format(bytes);
    }
}
