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

    /**
     * A value from a fixture echoed in a message as YAML writes it ({@code {a: 1}}, {@code [1, 2]}),
     * never as a Java collection prints itself; one line, at most 60 characters.
     */
    static String asWritten(Object value) {
        String text = flow(value).codePoints().mapToObj(c -> Character.isISOControl(c) ? " " : Character.toString(c))
                .collect(java.util.stream.Collectors.joining()).strip();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    private static String flow(Object value) {
        if (value instanceof java.util.Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> flow(entry.getKey()) + ": " + flow(entry.getValue()))
                    .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof java.util.Collection<?> items) {
            return items.stream().map(Quantities::flow).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }
}
