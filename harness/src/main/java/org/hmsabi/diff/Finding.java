package org.hmsabi.diff;

import java.util.List;
import java.util.Optional;
import org.hmsabi.spec.Stability;

/**
 * One difference between a baseline and a candidate snapshot, as a person reads it: related
 * path changes are grouped (a node moving between memory tiers is one finding, not four lines).
 *
 * @param kind      what changed
 * @param severity  what it means for the gate (from the spec's stability, waivers and --strict)
 * @param stability the ABI promise of what changed
 * @param subject   what the finding is about, e.g. {@code node 2 memory tier} or a path
 * @param paths     every snapshot path (or syscall case id) the finding covers
 * @param baseline  the baseline's value, where one value says it
 * @param candidate the candidate's value, likewise
 * @param waiver    the reason and link of the waiver that downgraded it, if any
 */
public record Finding(
        Kind kind,
        Severity severity,
        Stability stability,
        String subject,
        List<String> paths,
        Optional<String> baseline,
        Optional<String> candidate,
        Optional<String> waiver) {

    public Finding {
        paths = List.copyOf(paths);
    }

    public boolean isFailure() {
        return severity == Severity.FAILURE;
    }

    /** This finding as a waiver leaves it: shown, named, and no longer able to fail the gate. */
    public Finding waivedBy(String waiverDescription) {
        return new Finding(kind, Severity.INFO, stability, subject, paths, baseline, candidate, Optional.of(waiverDescription));
    }

    /** The classification of docs/gate.md, "Diff classification". */
    public enum Kind { ADDED, REMOVED, FORMAT_CHANGED, VALUE_CHANGED, ERRNO_CHANGED, RESULT_CHANGED }

    /** FAILURE fails the gate; WARNING is shown (and fails with --strict); INFO is shown. */
    public enum Severity { FAILURE, WARNING, INFO }
}
