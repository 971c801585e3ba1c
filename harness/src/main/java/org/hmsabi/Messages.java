package org.hmsabi;

/** Messages as the user sees them: one line each (docs/architecture.md, "One line, one exit code"). */
public final class Messages {
    private Messages() {}

    /** The first line of a message (a YAML parser's, a process's, a guest's); "" for none. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        int cr = message.indexOf('\r');
        if (cr >= 0 && (end < 0 || cr < end)) {
            end = cr;
        }
        return end < 0 ? message : message.substring(0, end);
    }

    /**
     * The first line of a failure's message; one that has none is named by its kind in the user's
     * terms (an input/output error, or an internal one), never by a Java class.
     */
    public static String firstLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isEmpty()) {
            return failure instanceof java.io.IOException ? "an input/output error" : "an internal error of hmsabi";
        }
        return firstLine(message);
    }

    /** A multi-line text on one line: its lines, stripped, joined by {@code separator}. */
    public static String joinLines(String text, String separator) {
        return text.strip().replaceAll("\\s*\\R\\s*", java.util.regex.Matcher.quoteReplacement(separator));
    }

    /** A multi-line text on one line, its lines joined by a space. */
    public static String joinLines(String text) {
        return joinLines(text, " ");
    }
}
