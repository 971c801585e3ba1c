package org.hmsabi.diff;

import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.diff.Finding.Severity;
import org.hmsabi.spec.Stability;

/**
 * What a change of ABI with a given promise means for the gate (shared/design.md, "Diff
 * classification"): new ABI is always compatible; breaking stable ABI fails; testing ABI may
 * change, so it warns unless {@code --strict}; obsolete ABI is on its way out, so its changes
 * are information; undocumented paths promise nothing, but a change there is worth a look.
 */
public record SeverityPolicy(boolean strict) {

    public Severity severityOf(Kind kind, Stability stability) {
        if (kind == Kind.ADDED) {
            return Severity.INFO;
        }
        return switch (stability) {
            case STABLE -> Severity.FAILURE;
            case TESTING -> strict ? Severity.FAILURE : Severity.WARNING;
            case UNDOCUMENTED -> Severity.WARNING;
            case OBSOLETE -> Severity.INFO;
        };
    }
}
