package org.hmsabi.gate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.hmsabi.HmsabiException;
import org.hmsabi.cxl.CxlExpanderScenario;
import org.hmsabi.cxl.CxlNodes;
import org.hmsabi.cxl.CxlTopologySvg;
import org.hmsabi.diff.Finding;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.topology.Topology;

/**
 * The gate's CXL path, for topologies with a {@code cxl:} section: the cxl suite runs on the
 * candidate in a freshly booted guest (the region is built, onlined as a node, checked and taken
 * apart), and the snapshot with the region online (the node ABI plus {@code /sys/bus/cxl/devices})
 * is diffed with the baseline's, taken from its golden file {@code <kernel>.after-region.json} or,
 * where there is none or {@code --update-golden} / {@code --baseline-from boot} says so, from
 * running the suite on the baseline too. The comparison is one more run of the report, named
 * {@code <topology>.after-region}, carrying the candidate's cxl checks.
 */
final class GateCxl {
    /** The run name's suffix after the fixture's name. */
    static final String RUN_SUFFIX = "." + GoldenFiles.AFTER_REGION;

    private final BiFunction<Kernel, Topology, GuestSpec> guestSpecs;
    private final GoldenFiles golden;
    private final SnapshotDiff diff;
    private final GateChecks checks;
    private final Waivers hotPlugWaivers;
    private final boolean baselineFromGolden;
    private final boolean updateGolden;

    GateCxl(BiFunction<Kernel, Topology, GuestSpec> guestSpecs, GoldenFiles golden, SnapshotDiff diff, GateChecks checks,
            Waivers hotPlugWaivers, boolean baselineFromGolden, boolean updateGolden) {
        this.guestSpecs = guestSpecs;
        this.golden = golden;
        this.diff = diff;
        this.checks = checks;
        this.hotPlugWaivers = hotPlugWaivers;
        this.baselineFromGolden = baselineFromGolden;
        this.updateGolden = updateGolden;
    }

    static String runName(Topology topology) {
        return topology.name() + RUN_SUFFIX;
    }

    /** Whether the baseline's golden file with the region online may be used and matches the topology. */
    boolean coveredByGolden(BaselineKernel baseline, Topology topology) {
        return baselineFromGolden && !updateGolden && golden.readAfterRegion(topology.name(), baseline.goldenKey())
                .filter(GoldenFiles.ofFixture(topology)).isPresent();
    }

    TopologyRun run(BaselineKernel baseline, Kernel candidate, Topology topology, String reproduce, Path resultsDir) {
        String name = runName(topology);
        CxlExpanderScenario.Outcome after;
        try {
            after = scenario(candidate, topology);
        } catch (HmsabiException e) {
            return TopologyRun.notBooted(name, candidate.exactReference(), e, reproduce);
        }
        String key = baseline.goldenKey();
        Optional<Snapshot> before = baselineFromGolden && !updateGolden
                ? golden.readAfterRegion(topology.name(), key).filter(GoldenFiles.ofFixture(topology))
                : Optional.empty();
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
        int node = CxlNodes.windowNode(topology);
        List<Finding> findings = GateHotPlug.acknowledgeOnlinePolicy(checks.acknowledgeContractDifferences(
                diff.compare(before.get(), candidateSnapshot).findings(), before.get(), candidateSnapshot, topology,
                SyscallFacts.of(topology).withMemoryOn(node)), before.get(), candidateSnapshot, node);
        keep(before.get(), candidateSnapshot, resultsDir, fromGolden);
        List<GuestRecord> guests = List.of(
                GuestRecord.of(baseline.exactReference() + (fromGolden ? " (golden file)" : ""), before.get(), topology.name()),
                GuestRecord.of(candidate.exactReference(), candidateSnapshot, topology.name()));
        return new TopologyRun(name, TopologyRun.Status.COMPARED, Optional.empty(), guests, findings, after.checks(),
                Optional.of(GateRuns.picture(candidateSnapshot)), reproduce, Optional.of(picture(candidateSnapshot, topology)));
    }

    /** The CXL topology the candidate's guest showed with the region online, host bridge to NUMA node. */
    static String picture(Snapshot withRegion, Topology topology) {
        return CxlTopologySvg.render(withRegion.sysfs(), java.util.OptionalInt.of(CxlNodes.windowNode(topology)));
    }

    /** The cxl suite in a guest of its own, booted afresh (its steps change the guest). */
    private CxlExpanderScenario.Outcome scenario(Kernel kernel, Topology topology) {
        try (Guest guest = Guest.boot(guestSpecs.apply(kernel, topology).withSavedStates(false))) {
            return new CxlExpanderScenario(kernel, topology, CxlExpanderScenario.DEFAULT_TIMEOUT, hotPlugWaivers, line -> { })
                    .run(guest);
        }
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
        if (updateGolden) {
            if (!baselineFromGoldenFile) {
                golden.updateAfterRegion(before);
            }
            golden.updateAfterRegion(after);
        }
    }



    /** Whether the gate runs the CXL path on a topology. */
    static boolean applies(Topology topology) {
        return topology.cxl().isPresent();
    }
}
