package org.hmsabi.kernel;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The grammar of {@link KernelRef}, kept out of the public surface. */
final class KernelRefSyntax {
    static final String USAGE =
            "use debian:<abi> (e.g. debian:6.1.0-56, debian:7.3.4+deb13), debian:<series> (debian:6.12, debian:7.3), debian:latest or a bzImage path";
    static final int MAX_ABI_LENGTH = 64;
    static final Pattern SERIES = Pattern.compile("[0-9]{1,3}\\.[0-9]{1,3}");
    /** Group 1 is the series; what follows must start a new component so 6.1 never matches 6.12. */
    static final Pattern ABI = Pattern.compile("([0-9]{1,3}\\.[0-9]{1,3})(?:[.+-][0-9a-z.+-]*)?");
    /** Something that looks like {@code scheme:} rather than a file name. */
    static final Pattern OTHER_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

    /** What separates the two ends of a range: {@code debian:A..debian:B}, {@code 6.9..6.11}. */
    static final String RANGE_SEPARATOR = "..";

    private KernelRefSyntax() {}

    /**
     * The two ends of {@code A..B}, stripped; empty when the text is no range. An IllegalArgumentException
     * when the separator is there but the text is not exactly two non-empty ends.
     */
    static Optional<List<String>> rangeEnds(String text) {
        if (!text.contains(RANGE_SEPARATOR)) {
            return Optional.empty();
        }
        String[] ends = text.split(Pattern.quote(RANGE_SEPARATOR), -1);
        if (ends.length != 2 || ends[0].isBlank() || ends[1].isBlank()) {
            throw new IllegalArgumentException("'" + quote(text) + "' is not A..B");
        }
        return Optional.of(List.of(ends[0].strip(), ends[1].strip()));
    }

    /** Echoes user input inside a one-line message: control characters would break the line. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
