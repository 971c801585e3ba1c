package org.hmsabi.hotplug;

/** Sizes as people write them in fixtures and reports. */
final class Sizes {
    private Sizes() {
    }

    /** The largest exact binary unit, e.g. {@code 256M}; bytes otherwise. */
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
