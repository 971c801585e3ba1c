package org.hmsabi.gate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hmsabi.diff.Finding;
import org.hmsabi.check.CheckResult;
import org.hmsabi.capture.Capture;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.topology.ObservedTopologyReader;
import org.hmsabi.topology.ObservedTopologySvg;

/** Turns one topology's captures and diff into the report model. */
final class GateRuns {
    private GateRuns() {
    }

    static TopologyRun of(GateTopology gateTopology, Capture baseline, Capture candidate,
                          Optional<List<Finding>> diff, List<CheckResult> checks, String reproduce, Path resultsDir,
                          boolean allowMissingCoverage) {
        List<GuestRecord> guests = List.of(guest(baseline, resultsDir, gateTopology.baselineFromGolden()),
                guest(candidate, resultsDir, false));
        if (diff.isEmpty()) {
            String problem = baseline.failure().or(candidate::failure).orElse("no snapshot");
            TopologyRun.Status status = allowMissingCoverage ? TopologyRun.Status.SKIPPED : TopologyRun.Status.NOT_BOOTED;
            return new TopologyRun(gateTopology.topology().name(), status,
                    Optional.of(problem + (allowMissingCoverage ? " (allowed: --allow-missing-coverage)" : "")),
                    guests, List.of(), checks, Optional.empty(), reproduce);
        }
        return new TopologyRun(gateTopology.topology().name(), TopologyRun.Status.COMPARED, Optional.empty(), guests,
                diff.get(), checks, candidate.snapshot().map(GateRuns::picture), reproduce);
    }

    private static GuestRecord guest(Capture capture, Path resultsDir, boolean fromGolden) {
        String reference = capture.kernel() + (fromGolden ? " (golden file)" : "");
        return new GuestRecord(reference,
                capture.snapshot().map(snapshot -> snapshot.kernel().release()).orElse(""),
                capture.topology().name(), capture.bootTime(),
                capture.snapshot().map(snapshot -> snapshotPath(resultsDir, snapshot)),
                capture.console().isEmpty() ? Optional.empty() : Optional.of(capture.console()),
                capture.failure());
    }

    /** The topology the candidate guest showed, drawn for the report. */
    private static String picture(Snapshot snapshot) {
        return ObservedTopologySvg.render(ObservedTopologyReader.read(new SnapshotView(snapshot)));
    }

    static Path snapshotPath(Path resultsDir, Snapshot snapshot) {
        return resultsDir.resolve("snapshots").resolve(snapshot.topology().name())
                .resolve(GoldenFiles.kernelKey(snapshot.kernel()) + ".json");
    }
}
