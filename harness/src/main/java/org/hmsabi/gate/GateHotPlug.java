package org.hmsabi.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.hmsabi.HmsabiException;
import org.hmsabi.check.CheckResult;
import org.hmsabi.diff.Finding;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.hotplug.HotPlugScenario;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.topology.Topology;

/**
 * The gate's hot-plug path, for topologies that declare hot-plug devices: the hot-plug suite
 * runs on the candidate, and the snapshot after each device's memory arrived is diffed with the
 * baseline's, taken from its golden file ({@code <kernel>.hotplug.<device>.json}) or, where
 * there is none or {@code --update-golden} / {@code --baseline-from boot} says so, from running
 * the suite on the baseline too. Each device is one more compared run of the report, named
 * {@code <topology>.hotplug-<device>}, carrying the candidate's checks of that device.
 */
final class GateHotPlug {
    private final BiFunction<Kernel, Topology, GuestSpec> guestSpecs;
    private final GoldenFiles golden;
    private final SnapshotDiff diff;
    private final GateChecks checks;
    private final Waivers hotPlugWaivers;
    private final boolean baselineFromGolden;
    private final boolean updateGolden;

    GateHotPlug(BiFunction<Kernel, Topology, GuestSpec> guestSpecs, GoldenFiles golden, SnapshotDiff diff, GateChecks checks, Waivers hotPlugWaivers,
                boolean baselineFromGolden, boolean updateGolden) {
        this.guestSpecs = guestSpecs;
        this.golden = golden;
        this.diff = diff;
        this.checks = checks;
        this.hotPlugWaivers = hotPlugWaivers;
        this.baselineFromGolden = baselineFromGolden;
        this.updateGolden = updateGolden;
    }

    /** The run name of one device's hot-plug comparison. */
    static String runName(Topology topology, String device) {
        return topology.name() + ".hotplug-" + device;
    }

    /** Whether the baseline's golden files hold the snapshot after every host-plugged device of the topology (and may be used). */
    boolean coveredByGolden(BaselineKernel baseline, Topology topology) {
        return baselineFromGolden && !updateGolden && HotPlugScenario.devicesById(topology).keySet().stream()
                .allMatch(device -> golden.readHotPlug(topology.name(), baseline.goldenKey(), device)
                        .filter(GoldenFiles.ofFixture(topology)).isPresent());
    }

    List<TopologyRun> runs(BaselineKernel baseline, Kernel candidate, Topology topology, String reproduce, Path resultsDir) {
        List<TopologyRun> runs = new ArrayList<>();
        HotPlugScenario.Outcome after;
        try {
            after = scenario(candidate, topology).runAll();
        } catch (HmsabiException e) {
            runs.add(TopologyRun.notBooted(topology.name() + ".hotplug-hotplug", candidate.exactReference(), e, reproduce));
            return runs;
        }
        Optional<HotPlugScenario.Outcome> baselineRun = Optional.empty();
        Optional<HmsabiException> baselineFailure = Optional.empty(); // booted once: a failure is not retried per device
        String key = baseline.goldenKey();
        for (Map.Entry<String, Snapshot> device : after.afterAdd().entrySet()) {
            Optional<Snapshot> before = baselineFromGolden && !updateGolden
                    ? golden.readHotPlug(topology.name(), key, device.getKey())
                            .filter(GoldenFiles.ofFixture(topology))
                    : Optional.empty();
            boolean fromGolden = before.isPresent();
            if (before.isEmpty()) {
                if (baselineRun.isEmpty() && baselineFailure.isEmpty()) {
                    try {
                        baselineRun = Optional.of(scenario(baseline.get(), topology).runAll());
                    } catch (HmsabiException e) {
                        baselineFailure = Optional.of(e);
                    }
                }
                if (baselineFailure.isPresent()) {
                    runs.add(TopologyRun.notBooted(runName(topology, device.getKey()), baseline.exactReference(), baselineFailure.get(),
                            reproduce));
                    continue;
                }
                before = Optional.ofNullable(baselineRun.get().afterAdd().get(device.getKey()));
            }
            List<CheckResult> deviceChecks = after.checks().stream().filter(check -> check.name().startsWith(device.getKey() + " ")).toList();
            String name = runName(topology, device.getKey());
            if (before.isEmpty()) {
                runs.add(new TopologyRun(name, TopologyRun.Status.SKIPPED,
                        Optional.of("the baseline " + baseline.exactReference() + " did not complete the " + device.getKey()
                                + " event (see its hotplug checks)"), List.of(), List.of(), deviceChecks, Optional.empty(), reproduce));
                continue;
            }
            int node = HotPlugScenario.devicesById(topology).get(device.getKey()).node();
            List<Finding> findings = acknowledgeOnlinePolicy(checks.acknowledgeContractDifferences(
                    diff.compare(before.get(), device.getValue()).findings(), before.get(), device.getValue(), topology,
                    SyscallFacts.of(topology).withMemoryOn(node)), before.get(), device.getValue(), node);
            keep(List.of(before.get(), device.getValue()), device.getKey(), resultsDir, fromGolden);
            List<GuestRecord> guests = List.of(
                    GuestRecord.of(baseline.exactReference() + (fromGolden ? " (golden file)" : ""), before.get(), topology.name()),
                    GuestRecord.of(candidate.exactReference(), device.getValue(), topology.name()));
            runs.add(new TopologyRun(name, TopologyRun.Status.COMPARED, Optional.empty(), guests, findings, deviceChecks,
                    Optional.empty(), reproduce));
        }
        // Checks not tied to one device (the skipped CXL event) go with the first run.
        List<CheckResult> rest = after.checks().stream()
                .filter(check -> after.afterAdd().keySet().stream().noneMatch(device -> check.name().startsWith(device + " ")))
                .toList();
        if (!rest.isEmpty() && !runs.isEmpty()) {
            TopologyRun first = runs.get(0);
            List<CheckResult> all = new ArrayList<>(first.checks());
            all.addAll(rest);
            runs.set(0, new TopologyRun(first.topology(), first.status(), first.problem(), first.guests(), first.findings(), all,
                    first.topologySvg(), first.reproduce()));
        } else if (!rest.isEmpty()) {
            runs.add(new TopologyRun(topology.name() + ".hotplug", TopologyRun.Status.COMPARED, Optional.empty(), List.of(),
                    List.of(), rest, Optional.empty(), reproduce));
        }
        return runs;
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
        return new HotPlugScenario(guestSpecs.apply(kernel, topology), kernel, topology,
                HotPlugScenario.DEFAULT_EVENT_TIMEOUT, hotPlugWaivers);
    }

    /** Snapshots are kept with the reports; golden files change only with --update-golden. */
    private void keep(List<Snapshot> snapshots, String device, Path resultsDir, boolean baselineFromGoldenFile) {
        for (int i = 0; i < snapshots.size(); i++) {
            Snapshot snapshot = snapshots.get(i);
            Path file = resultsDir.resolve("snapshots").resolve(snapshot.topology().name())
                    .resolve(GoldenFiles.kernelKey(snapshot.kernel()) + ".hotplug." + device + ".json");
            SnapshotFiles.write(snapshot, file, true);
            if (updateGolden && !(i == 0 && baselineFromGoldenFile)) {
                golden.updateHotPlug(snapshot, device);
            }
        }
    }


}
