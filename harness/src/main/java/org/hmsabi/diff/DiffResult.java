package org.hmsabi.diff;

import java.util.List;
import org.hmsabi.diff.Finding.Severity;
import org.hmsabi.model.Snapshot.KernelInfo;
import org.hmsabi.model.Snapshot.TopologyInfo;

/**
 * What a diff of two snapshots found: the grouped findings, most severe first, and the account
 * of every waiver.
 */
public record DiffResult(
        KernelInfo baseline,
        KernelInfo candidate,
        TopologyInfo topology,
        boolean strict,
        List<Finding> findings,
        WaiverReport waivers) {

    public DiffResult {
        findings = List.copyOf(findings);
    }

    /** True when no finding fails the gate. */
    public boolean passes() {
        return findings.stream().noneMatch(Finding::isFailure);
    }

    public long count(Severity severity) {
        return findings.stream().filter(finding -> finding.severity() == severity).count();
    }
}
