package org.hmsabi.bisect;

import java.util.List;
import org.hmsabi.diff.Finding;

/**
 * The answer of a bisect. Every kind carries the checks it took (in order) and the kernels it
 * skipped as untestable, so the report can show its work.
 */
public sealed interface BisectResult {

    List<Check> checks();

    List<Check> skipped();

    /**
     * Named a culprit: the re-check of the final pair agreed. {@code confidence} is the lowest
     * agreement of any deciding check. {@code untestableBetween}: kernels between the pair that
     * could not be tested; the change may lie in one of them, which the report says rather than guess.
     */
    record FirstBad(String lastGood, String firstBad, Finding finding, double confidence, List<String> untestableBetween,
                    List<Check> checks, List<Check> skipped) implements BisectResult {
        public FirstBad {
            untestableBetween = List.copyOf(untestableBetween);
        }
    }

    /** The last kernel is like the first: nothing to bisect. */
    record NoChange(String first, String last, List<Check> checks, List<Check> skipped) implements BisectResult {
    }

    /** The first or the last kernel cannot be tested, so the range has no known ends. */
    record EndUntestable(String reference, String reason, List<Check> checks, List<Check> skipped) implements BisectResult {
    }

    /** Re-checking the final pair disagreed with the search: a flaky result, no culprit named. */
    record RecheckDisagrees(String lastGood, String firstBad, String what, List<Check> checks, List<Check> skipped)
            implements BisectResult {
    }
}
