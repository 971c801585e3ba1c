package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A latency written in a fixture: {@code 120ns} or {@code 2us}. The unit is required because a
 * bare number is too easy to misread; QEMU takes whole nanoseconds.
 */
record Latency(long nanoseconds) {

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(ns|us)");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Latency of(Object value) {
        String text = String.valueOf(value).trim();
        Matcher matcher = SYNTAX.matcher(text);
        if (!(value instanceof String) || !matcher.matches()) {
            throw new IllegalArgumentException("latency '" + Quantities.asWritten(value) + "' is not understood; write whole nanoseconds"
                    + " or microseconds with the unit, e.g. 120ns or 2us");
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            return new Latency(matcher.group(2).equals("us") ? Math.multiplyExact(amount, 1000L) : amount);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("latency '" + Quantities.asWritten(value) + "' is too large");
        }
    }
}
