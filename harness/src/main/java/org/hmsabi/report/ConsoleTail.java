package org.hmsabi.report;

/**
 * Bounds a guest console for a report: the end of a console (the panic, the last message) is
 * what a reader needs, so the tail is kept and a first line says how much was cut.
 */
public final class ConsoleTail {
    /** Enough for the last few thousand kernel messages; an attachment stays small enough for a browser. */
    static final int ATTACHMENT_CHARS = 256 * 1024;
    /** JUnit viewers render system-out inline, so it gets less. */
    public static final int INLINE_CHARS = 16 * 1024;

    private ConsoleTail() {
    }

    /** The end of {@code console}, at most about {@code maxChars}, beginning on a whole line and saying how much was cut. */
    public static String of(String console, int maxChars) {
        if (console.length() <= maxChars) {
            return console;
        }
        int start = console.length() - maxChars;
        int lineStart = console.indexOf('\n', start);
        if (lineStart >= 0 && lineStart < console.length() - 1) {
            start = lineStart + 1; // begin on a whole line
        }
        return "[hmsabi: " + start + " earlier characters of " + console.length()
                + " cut; the last " + (console.length() - start) + " kept]\n" + console.substring(start);
    }
}
