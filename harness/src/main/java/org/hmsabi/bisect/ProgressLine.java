package org.hmsabi.bisect;

import java.time.Duration;

/** "step K of ~S: testing REF (kernel N of M), elapsed .., estimated remaining .." */
record ProgressLine(int step, int estimatedSteps, String reference, int kernel, int kernels, Duration elapsed,
                    Duration remaining) {

    /** The steps a search over {@code kernels} takes: the last kernel, ~log2 of the rest, the re-checked pair. */
    static int estimatedSteps(int kernels) {
        int log2 = 32 - Integer.numberOfLeadingZeros(Math.max(1, kernels - 2));
        return 1 + log2 + 2;
    }

    String render() {
        return String.format("bisect: step %d of ~%d: testing %s (kernel %d of %d), elapsed %s, estimated remaining %s",
                step, Math.max(step, estimatedSteps), reference, kernel, kernels, text(elapsed), text(remaining));
    }

    private static String text(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }
}
