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

    /** Named a culprit: the re-check of the final pair agreed. {@code confidence} is the lowest agreement of any deciding check. */
    record FirstBad(String lastGood, String firstBad, Finding finding, double confidence, List<Check> checks, List<Check> skipped)
            implements BisectResult {
    }

    /** The last kernel is like the first: nothing to bisect. */
    record NoChange(String first, String last, List<Check> checks, List<Check> skipped) implements BisectResult {
    }

    /** The first or the last kernel cannot be tested, so the range has no known ends. */
    record EndUntestable(String reference, String reason, List<Check> checks, List<Check> skipped) implements BisectResult {
    }

    /** Good and bad are adjacent except for untestable kernels: the first bad is one of {@code between} or {@code firstBad}. */
    record Ambiguous(String lastGood, String firstBad, List<String> between, List<Check> checks, List<Check> skipped)
            implements BisectResult {
    }

    /** Re-checking the final pair disagreed with the search: a flaky result, no culprit named. */
    record RecheckDisagrees(String lastGood, String firstBad, String what, List<Check> checks, List<Check> skipped)
            implements BisectResult {
    }
}
