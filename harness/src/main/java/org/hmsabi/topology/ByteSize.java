package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size written in a fixture: {@code 512M}, {@code 2G}, {@code 64K}, {@code 1T} (binary units,
 * as QEMU reads them; {@code 512MiB} is accepted too, {@code 512MB} is not because it reads as
 * decimal) or a plain number of bytes ({@code 8192} or {@code 8192B}).
 * Parse errors are thrown from the Jackson creator so that Jackson reports the YAML line.
 */
record ByteSize(long bytes) {

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(?:([KMGT])(?:iB)?|B)?");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ByteSize of(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return new ByteSize(((Number) value).longValue());
        }
        String text = String.valueOf(value).trim();
        Matcher matcher = SYNTAX.matcher(text);
        if (!(value instanceof String) || !matcher.matches()) {
            throw new IllegalArgumentException("size '" + Quantities.asWritten(value) + "' is not understood; write a whole number with"
                    + " K, M, G or T (binary units, as QEMU reads them), e.g. 512M");
        }
        try {
            return new ByteSize(Math.multiplyExact(Long.parseLong(matcher.group(1)), unit(matcher.group(2))));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size '" + Quantities.asWritten(value) + "' is too large");
        }
    }

    private static long unit(String suffix) {
        if (suffix == null) {
            return 1L;
        }
        return switch (suffix) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            case "T" -> 1L << 40;
            default -> 1L;
        };
    }

    /** The size the way a person writes it: the largest exact binary unit, e.g. {@code 1536M}. */
    static String format(long bytes) {
        String[] suffixes = {"T", "G", "M", "K"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < suffixes.length; i++) {
            if (bytes != 0 && bytes % (1L << shifts[i]) == 0) {
                return (bytes >> shifts[i]) + suffixes[i];
            }
        }
        return Long.toString(bytes);
    }
}
