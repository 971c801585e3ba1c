package org.hmsabi.diff;

import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.diff.Finding.Severity;
import org.hmsabi.spec.Stability;

/**
 * What a change of ABI with a given promise means for the gate, after Documentation/ABI/README
 * and the kernel's "no regressions" rule: new ABI is always compatible; any change of stable ABI
 * fails; testing ABI may grow and its values may change (a warning, a failure with
 * {@code --strict}), but it "will not break": removing a testing attribute or changing its
 * format fails like a stable one; obsolete ABI is on its way out, so its changes are
 * information; undocumented paths promise nothing, but a change there is worth a look (warning).
 * An intended upstream change is accepted by a waiver naming the commit, or, for a removal, by
 * the spec's {@code until} (see {@link EntryComparison}).
 */
public record SeverityPolicy(boolean strict) {

    public Severity severityOf(Kind kind, Stability stability) {
        if (kind == Kind.ADDED) {
            return Severity.INFO;
        }
        return switch (stability) {
            case STABLE -> Severity.FAILURE;
            case TESTING -> breaks(kind) || strict ? Severity.FAILURE : Severity.WARNING;
            case UNDOCUMENTED -> Severity.WARNING;
            case OBSOLETE -> Severity.INFO;
        };
    }

    /** A change a parser of the attribute cannot survive: it is gone, or it reads differently. */
    private static boolean breaks(Kind kind) {
        return kind == Kind.REMOVED || kind == Kind.FORMAT_CHANGED;
    }
}
