package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bandwidth written in a fixture: {@code 512MiB/s}, {@code 80GiB/s}, {@code 1TiB/s}. Only
 * binary units are accepted: QEMU requires whole MiB/s and the guest reports MiB/s (in
 * attributes it calls "MB/s"), so {@code GB/s} would be ambiguous.
 */
record Bandwidth(long mebibytesPerSecond) {

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(MiB|GiB|TiB)/s");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Bandwidth of(Object value) {
        String text = String.valueOf(value).trim();
        Matcher matcher = SYNTAX.matcher(text);
        if (!(value instanceof String) || !matcher.matches()) {
            throw new IllegalArgumentException("bandwidth '" + Quantities.asWritten(value) + "' is not understood; write a whole number"
                    + " of MiB/s, GiB/s or TiB/s, e.g. 80GiB/s (binary units, as QEMU and sysfs use)");
        }
        long unit = switch (matcher.group(2)) {
            case "GiB" -> 1L << 10;
            case "TiB" -> 1L << 20;
            default -> 1L;
        };
        try {
            return new Bandwidth(Math.multiplyExact(Long.parseLong(matcher.group(1)), unit));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("bandwidth '" + Quantities.asWritten(value) + "' is too large");
        }
    }
}
