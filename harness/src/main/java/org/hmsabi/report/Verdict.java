package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;

/** The one word a gate run comes down to, from its exit code (docs/cli.md, "Exit codes": 0 ok, 1 regression, 2 and 3 errors). */
public enum Verdict {
    PASS, FAIL, ERROR;

    public static Verdict of(GateOutcome outcome) {
        return switch (outcome.exitCode()) {
            case 0 -> PASS;
            case 1 -> FAIL;
            default -> ERROR;
        };
    }
}
