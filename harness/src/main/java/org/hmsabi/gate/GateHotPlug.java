package org.hmsabi.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hmsabi.HmsabiException;
import org.hmsabi.check.CheckResult;
import org.hmsabi.diff.Finding;
import org.hmsabi.hotplug.HotPlugScenario;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.topology.Topology;

/**
 * The gate's hot-plug path, for topologies that declare devices the host hot-plugs: each device is a
 * cell of the gate's matrix ({@link GateCell.HotPlugDevice}), so the devices of one fixture can fall
 * to different shards. For a device the hot-plug suite's part of that device runs on the candidate,
 * in a guest of its own, and the snapshot after its memory arrived is diffed with the baseline's,
 * taken from its golden file ({@code <kernel>.hotplug.<device>.json}) or, where there is none or
 * {@code --update-golden} / {@code --baseline-from boot} says so, from running that device's part on
 * the baseline too. Each device is one run of the report, named {@code <topology>.hotplug-<device>},
 * carrying the candidate's checks of that device (the first device's also the skipped CXL event's).
 */
record GateHotPlug(GateContext context) {
    /**
     * One device's run.
     *
     * @param goldenBefore the baseline's snapshot after the device's add from its golden file
     *                     ({@link GateContext#goldenBaseline}); empty: the baseline runs the device too
     */
    TopologyRun run(BaselineKernel baseline, Kernel candidate, GateCell.HotPlugDevice cell, Optional<Snapshot> goldenBefore,
                    String reproduce, Path resultsDir) {
        Topology topology = cell.topology();
        String device = cell.device();
        String name = cell.name();
        HotPlugScenario.Outcome after;
        try {
            after = scenario(candidate, topology).runDevice(device);
        } catch (HmsabiException e) {
            return TopologyRun.notBooted(name, candidate.exactReference(), e, reproduce);
        }
        Optional<Snapshot> candidateSnapshot = Optional.ofNullable(after.afterAdd().get(device));
        if (candidateSnapshot.isEmpty()) {
            // The device's memory never arrived on the candidate: a failed check says why and fails the gate;
            // with none failed, the device was skipped (its driver missing), with the reason.
            boolean failed = after.checks().stream().anyMatch(check -> check.status() == CheckResult.Status.FAILED);
            Optional<String> skipped = failed ? Optional.empty() : after.checks().stream()
                    .filter(check -> check.status() == CheckResult.Status.SKIPPED && check.name().startsWith(device + " "))
                    .map(check -> check.name() + ": " + check.message().orElse("skipped")).findFirst();
            return new TopologyRun(name, skipped.isPresent() ? TopologyRun.Status.SKIPPED : TopologyRun.Status.COMPARED, skipped,
                    List.of(), List.of(), after.checks(), Optional.empty(), reproduce);
        }
        Optional<Snapshot> before = goldenBefore;
        boolean fromGolden = before.isPresent();
        if (before.isEmpty()) {
            try {
                before = Optional.ofNullable(scenario(baseline.get(), topology).runDevice(device).afterAdd().get(device));
            } catch (HmsabiException e) {
                return TopologyRun.notBooted(name, baseline.exactReference(), e, reproduce);
            }
            if (before.isEmpty()) {
                return new TopologyRun(name, TopologyRun.Status.SKIPPED, Optional.of("the baseline " + baseline.exactReference()
                        + " did not complete the " + device + " event (see its hotplug checks)"), List.of(), List.of(), after.checks(),
                        Optional.empty(), reproduce);
            }
        }
        int node = HotPlugScenario.devicesById(topology).get(device).node();
        List<Finding> findings = context.findingsWithMemoryOn(before.get(), candidateSnapshot.get(), topology, node);
        keep(List.of(before.get(), candidateSnapshot.get()), device, resultsDir, fromGolden);
        return new TopologyRun(name, TopologyRun.Status.COMPARED, Optional.empty(),
                GateContext.guests(baseline, fromGolden, before.get(), candidate, candidateSnapshot.get(), topology), findings,
                after.checks(), Optional.empty(), reproduce);
    }

    /**
     * Where the kernels' auto_online_blocks defaults differ, hot-added memory lands in different
     * zones (the kernel onlines it into ZONE_NORMAL, or the harness onlines it movable): the new
     * node's zone layout and has_normal_memory then differ as a consequence, which is named as
     * such instead of failing the gate. Any other difference is judged as usual.
     */
    static List<Finding> acknowledgeOnlinePolicy(List<Finding> findings, Snapshot baseline, Snapshot candidate, int node) {
        String policy = "/sys/devices/system/memory/auto_online_blocks";
        Optional<String> was = new SnapshotView(baseline).value(policy);
        Optional<String> now = new SnapshotView(candidate).value(policy);
        if (was.equals(now)) {
            return findings;
        }
        String because = "follows from auto_online_blocks " + was.map(String::strip).orElse("?") + " -> "
                + now.map(String::strip).orElse("?") + ": the zone hot-added memory on node " + node + " lands in";
        List<Finding> result = new ArrayList<>();
        for (Finding finding : findings) {
            boolean zoneLayout = !finding.paths().isEmpty() && finding.paths().stream().allMatch(path ->
                    path.startsWith("/proc/zoneinfo#node" + node + "/") || path.equals("/sys/devices/system/node/has_normal_memory"));
            result.add(zoneLayout && finding.severity() != Finding.Severity.INFO ? finding.waivedBy(because) : finding);
        }
        return result;
    }

    private HotPlugScenario scenario(Kernel kernel, Topology topology) {
        return new HotPlugScenario(context.guestSpecs().apply(kernel, topology), kernel, topology,
                HotPlugScenario.DEFAULT_EVENT_TIMEOUT, context.hotPlugWaivers());
    }

    /** Snapshots are kept with the reports; golden files change only with --update-golden. */
    private void keep(List<Snapshot> snapshots, String device, Path resultsDir, boolean baselineFromGoldenFile) {
        for (int i = 0; i < snapshots.size(); i++) {
            Snapshot snapshot = snapshots.get(i);
            Path file = resultsDir.resolve("snapshots").resolve(snapshot.topology().name())
                    .resolve(GoldenFiles.kernelKey(snapshot.kernel()) + ".hotplug." + device + ".json");
            SnapshotFiles.write(snapshot, file, true);
            if (context.updateGolden() && !(i == 0 && baselineFromGoldenFile)) {
                context.golden().updateHotPlug(snapshot, device);
            }
        }
    }


}
