package org.hmsabi.report;

/**
 * Turns free text (topology names, check names, finding subjects) into the restricted names
 * the formats allow: KCIDB paths ({@code [.a-zA-Z0-9_-]}), KTAP test names (no '#'), file names.
 */
final class Names {
    private Names() {
    }

    /** One segment of a dotted path: characters outside {@code [a-zA-Z0-9_-]} become '_'. */
    static String pathSegment(String text) {
        String segment = text.replaceAll("[^a-zA-Z0-9_-]+", "_").replaceAll("^_+|_+$", "");
        return segment.isEmpty() ? "_" : segment;
    }

    /** A KTAP test name: one line, no '#' (which would start a directive). */
    static String ktapName(String text) {
        return text.replaceAll("[\\r\\n]+", " ").replace('#', '_').strip();
    }
}
