package org.hmsabi.gate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hmsabi.HmsabiException;
import org.hmsabi.cxl.CxlExpanderScenario;
import org.hmsabi.cxl.CxlNodes;
import org.hmsabi.cxl.CxlTopologySvg;
import org.hmsabi.diff.Finding;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.topology.Topology;

/**
 * The gate's CXL path, for topologies with a {@code cxl:} section: the cxl suite runs on the
 * candidate in a freshly booted guest (the region is built, onlined as a node, checked and taken
 * apart), and the snapshot with the region online (the node ABI plus {@code /sys/bus/cxl/devices})
 * is diffed with the baseline's, taken from its golden file {@code <kernel>.after-region.json} or,
 * where there is none or {@code --update-golden} / {@code --baseline-from boot} says so, from
 * running the suite on the baseline too. The comparison is one more run of the report and one cell
 * of the gate's matrix ({@link GateCell.AfterRegion}), named {@code <topology>.after-region},
 * carrying the candidate's cxl checks.
 */
record GateCxl(GateContext context) {
    /** The run name's suffix after the fixture's name. */
    static final String RUN_SUFFIX = "." + GoldenFiles.AFTER_REGION;

    /**
     * The run of a fixture's region.
     *
     * @param goldenBefore the baseline's snapshot with the region online from its golden file
     *                     ({@link GateContext#goldenBaseline}); empty: the baseline runs the suite too
     */
    TopologyRun run(BaselineKernel baseline, Kernel candidate, GateCell.AfterRegion cell, Optional<Snapshot> goldenBefore,
                    String reproduce, Path resultsDir) {
        Topology topology = cell.topology();
        String name = cell.name();
        CxlExpanderScenario.Outcome after;
        try {
            after = scenario(candidate, topology);
        } catch (HmsabiException e) {
            return TopologyRun.notBooted(name, candidate.exactReference(), e, reproduce);
        }
        Optional<Snapshot> before = goldenBefore;
        boolean fromGolden = before.isPresent();
        if (after.afterRegion().isEmpty()) {
            // The candidate's region never came online: its failed checks say why and fail the gate.
            return new TopologyRun(name, TopologyRun.Status.COMPARED, Optional.empty(), List.of(), List.of(), after.checks(),
                    Optional.empty(), reproduce);
        }
        if (before.isEmpty()) {
            try {
                before = scenario(baseline.get(), topology).afterRegion();
            } catch (HmsabiException e) {
                return TopologyRun.notBooted(name, baseline.exactReference(), e, reproduce);
            }
            if (before.isEmpty()) {
                return new TopologyRun(name, TopologyRun.Status.SKIPPED, Optional.of("the baseline " + baseline.exactReference()
                        + " did not bring a CXL region online (run ./hmsabi check --kernel " + baseline.exactReference()
                        + " --topology " + topology.name() + " --suite cxl)"), List.of(), List.of(), after.checks(), Optional.empty(),
                        reproduce);
            }
        }
        Snapshot candidateSnapshot = after.afterRegion().get();
        List<Finding> findings = context.findingsWithMemoryOn(before.get(), candidateSnapshot, topology, CxlNodes.windowNode(topology));
        keep(before.get(), candidateSnapshot, resultsDir, fromGolden);
        return new TopologyRun(name, TopologyRun.Status.COMPARED, Optional.empty(),
                GateContext.guests(baseline, fromGolden, before.get(), candidate, candidateSnapshot, topology), findings, after.checks(),
                Optional.of(GateRuns.picture(candidateSnapshot)), reproduce, Optional.of(picture(candidateSnapshot, topology)));
    }

    /** The CXL topology the candidate's guest showed with the region online, host bridge to NUMA node. */
    static String picture(Snapshot withRegion, Topology topology) {
        return CxlTopologySvg.render(withRegion.sysfs(), java.util.OptionalInt.of(CxlNodes.windowNode(topology)));
    }

    /** The cxl suite in a guest of its own, booted afresh (its steps change the guest). */
    private CxlExpanderScenario.Outcome scenario(Kernel kernel, Topology topology) {
        return new CxlExpanderScenario(kernel, topology, CxlExpanderScenario.DEFAULT_TIMEOUT, context.hotPlugWaivers(), line -> { })
                .runInFreshGuest(context.guestSpecs().apply(kernel, topology));
    }

    /** Where the gate keeps a snapshot with the region online, beside the boot-time ones. */
    static Path snapshotPath(Path resultsDir, Snapshot snapshot) {
        return resultsDir.resolve("snapshots").resolve(snapshot.topology().name())
                .resolve(GoldenFiles.kernelKey(snapshot.kernel()) + RUN_SUFFIX + ".json");
    }

    /** Snapshots are kept with the reports; golden files change only with --update-golden. */
    private void keep(Snapshot before, Snapshot after, Path resultsDir, boolean baselineFromGoldenFile) {
        SnapshotFiles.write(before, snapshotPath(resultsDir, before), true);
        SnapshotFiles.write(after, snapshotPath(resultsDir, after), true);
        if (context.updateGolden()) {
            if (!baselineFromGoldenFile) {
                context.golden().updateAfterRegion(before);
            }
            context.golden().updateAfterRegion(after);
        }
    }
}
