package org.hmsabi.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's taint bits (Documentation/admin-guide/tainted-kernels.rst) as letters. W (a
 * warning) and D (an oops) fail a driver; O (out-of-tree) and E (unsigned) are what any vendor
 * module built outside the kernel sets, so they are reported, not failed.
 */
public final class TaintFlags {
    public static final long WARNING = 1L << 9;
    public static final long DIED = 1L << 7;
    private static final String LETTERS = "PFSRMBUDAWCIOELKXTN";

    private TaintFlags() {
    }

    /** The letters of the set bits, e.g. {@code [O, E]}; bits past the known ones as {@code bitN}. */
    public static List<String> letters(long taint) {
        List<String> letters = new ArrayList<>();
        for (int bit = 0; bit < 63; bit++) {
            if ((taint & (1L << bit)) != 0) {
                letters.add(bit < LETTERS.length() ? String.valueOf(LETTERS.charAt(bit)) : "bit" + bit);
            }
        }
        return letters;
    }

    /** Whether these bits (the ones loading set) include a warning or an oops. */
    public static boolean fails(long newBits) {
        return (newBits & (WARNING | DIED)) != 0;
    }
}
