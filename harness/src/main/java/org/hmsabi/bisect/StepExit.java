package org.hmsabi.bisect;

/**
 * The exit codes {@code git bisect run} understands: 0 good, 1 bad, 125 skip this commit, and
 * anything above 127 stops the bisection. A step that fails itself (bad input, a missing golden
 * file, no container engine, a kernel unavailable) exits 128 plus hmsabi's own exit code (130, 131,
 * 132), never a code git would read as "bad".
 */
public final class StepExit {
    public static final int GOOD = 0;
    public static final int BAD = 1;
    public static final int UNTESTABLE = 125;
    /** What hmsabi's own exit code becomes in a step, so that git bisect run stops. */
    static final int ABORT_BASE = 128;

    private StepExit() {
    }

    /** The exit code of a step that failed with hmsabi's exit code {@code code}: 128 + code (0 stays 0). */
    public static int aborted(int code) {
        return code == 0 ? 0 : ABORT_BASE + code;
    }

    public static int of(Observation observation) {
        if (observation instanceof Observation.Good) {
            return GOOD;
        }
        return observation instanceof Observation.Bad ? BAD : UNTESTABLE;
    }
}
