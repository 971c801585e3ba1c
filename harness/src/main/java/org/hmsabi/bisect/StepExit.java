package org.hmsabi.bisect;

/** The exit codes {@code git bisect run} understands: 0 good, 1 bad, 125 skip this commit. */
public final class StepExit {
    public static final int GOOD = 0;
    public static final int BAD = 1;
    public static final int UNTESTABLE = 125;

    private StepExit() {
    }

    public static int of(Observation observation) {
        if (observation instanceof Observation.Good) {
            return GOOD;
        }
        return observation instanceof Observation.Bad ? BAD : UNTESTABLE;
    }
}
