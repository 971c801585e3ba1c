package org.hmsabi.hotplug;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hmsabi.HmsabiException;
import org.hmsabi.check.KernelLogCheck;
import org.hmsabi.Messages;
import org.hmsabi.check.CheckResult.Status;
import org.hmsabi.check.CheckResult;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.KernelLog;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.guest.MemoryMonitor;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Snapshot;
import org.hmsabi.topology.HotPlugDevice;
import org.hmsabi.topology.HotPlugDeviceKind;
import org.hmsabi.topology.MemoryHotPlug;
import org.hmsabi.topology.Topology;

/**
 * The hot-plug suite on one running guest: for every device the fixture declares, add its
 * memory (device_add a DIMM, grow a virtio-mem device), bring it online, run
 * {@link NewMemoryChecks}, remove it again (device_del, shrink to 0) and check the tree is the
 * one from before, then add the same memory once more and check user space sees the node it saw
 * the first time (and remove it); then the CXL event, which runs only where QEMU can emulate it and is reported
 * as skipped, with the reason, where it cannot. An event that does not complete within the
 * bound fails its check (naming kernel, topology and event) and ends that device's events: the machine
 * is then in no known state; the next device gets a fresh guest anyway.
 */
public final class HotPlugScenario {
    /** Adding 512M under TCG takes about half a second; a loaded 2-core host needs far more room. */
    public static final Duration DEFAULT_EVENT_TIMEOUT = Duration.ofSeconds(90);

    private final GuestSpec spec;
    private final Function<GuestSpec, Guest> boot;
    private final Kernel kernel;
    private final Topology topology;
    private final Duration eventTimeout;
    private final EventDiff eventDiff;
    private final String context;

    /**
     * @param spec         the guest of this kernel and topology: each device boots (or restores) a
     *                     fresh one, so each event brings a node that was never there before
     *                     (Linux registers a node's HMAT access classes once, on its first onlining);
     *                     its launcher's QEMU is the one probed for CXL
     * @param eventTimeout how long one event may take to show in the guest
     * @param waivers      known kernel behaviour around hot-plug (fixtures/hotplug-waivers.yaml)
     */
    public HotPlugScenario(GuestSpec spec, Kernel kernel, Topology topology, Duration eventTimeout, Waivers waivers) {
        this(spec, Guest::boot, kernel, topology, eventTimeout, waivers);
    }

    /** As above, booting each guest with {@code boot} (e.g. to record how long each took). */
    public HotPlugScenario(GuestSpec spec, Function<GuestSpec, Guest> boot, Kernel kernel, Topology topology, Duration eventTimeout,
                           Waivers waivers) {
        this.spec = spec;
        this.boot = boot;
        this.kernel = kernel;
        this.topology = topology;
        this.eventTimeout = eventTimeout;
        this.eventDiff = new EventDiff(waivers);
        this.context = kernel.reference() + " on " + topology.name();
    }

    /**
     * What the scenario found: every check in order, and per device (by its QOM id, e.g.
     * {@code dimm0}) the snapshot taken once its memory was online, for golden files and the gate.
     */
    public record Outcome(List<CheckResult> checks, Map<String, Snapshot> afterAdd) {
        public Outcome {
            checks = List.copyOf(checks);
            afterAdd = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(afterAdd));
        }
    }

    /**
     * The fixture's devices by the QOM id the events use: {@code dimmK} for the K-th DIMM,
     * the virtio-mem ids of {@link MemoryMonitor#virtioMemDeviceId} for virtio-mem devices; in fixture order.
     */
    public static Map<String, HotPlugDevice> devicesById(Topology topology) {
        Map<String, HotPlugDevice> byId = new LinkedHashMap<>();
        int dimms = 0;
        int virtioMems = 0;
        for (HotPlugDevice device : topology.hotPlug().map(MemoryHotPlug::hostPlugged).orElse(List.of())) {
            byId.put(device.kind() == HotPlugDeviceKind.DIMM ? "dimm" + dimms++ : MemoryMonitor.virtioMemDeviceId(virtioMems++), device);
        }
        return byId;
    }

    /** Every check of the scenario, in order. */
    public List<CheckResult> run() {
        return runAll().checks();
    }

    /** The checks and the snapshots after each add. */
    public Outcome runAll() {
        List<CheckResult> results = new ArrayList<>();
        Map<String, Snapshot> afterAdd = new LinkedHashMap<>();
        if (devicesById(topology).isEmpty()) {
            results.add(skipped(topology.name(), "the topology declares no devices the host hot-plugs (dimm, virtio-mem)"));
            return new Outcome(results, afterAdd);
        }
        devicesById(topology).forEach((id, device) -> device(id, device, results, afterAdd));
        return new Outcome(results, afterAdd);
    }

    /**
     * One device's part of {@link #runAll()}, in a guest of its own (what the gate's cell of that
     * device runs): its checks and its snapshot after the add; the parts of every device together
     * hold every check of the scenario.
     *
     * @param id the device's QOM id, a key of {@link #devicesById}
     */
    public Outcome runDevice(String id) {
        Map<String, HotPlugDevice> devices = devicesById(topology);
        HotPlugDevice device = devices.get(id);
        if (device == null) {
            throw new IllegalArgumentException(topology.name() + " has no host-plugged device " + id);
        }
        List<CheckResult> results = new ArrayList<>();
        Map<String, Snapshot> afterAdd = new LinkedHashMap<>();
        device(id, device, results, afterAdd);
        return new Outcome(results, afterAdd);
    }

    /** Adds, checks and removes one device's memory in a fresh guest; appends its checks and its snapshot after the add. */
    private void device(String id, HotPlugDevice device, List<CheckResult> results, Map<String, Snapshot> afterAdd) {
        MemoryEvent add;
        MemoryEvent remove;
        if (device.kind() == HotPlugDeviceKind.DIMM) {
            MemoryEvent.DimmAdd dimm = new MemoryEvent.DimmAdd(id, device.node(), device.sizeBytes());
            add = dimm;
            remove = dimm.undo();
        } else {
            MemoryEvent.VirtioMemResize grow = new MemoryEvent.VirtioMemResize(id, device.node(), 0, device.sizeBytes());
            Optional<String> noDriver = missingDriver("virtio_mem");
            if (noDriver.isPresent()) {
                results.add(skipped(grow.describe(), noDriver.get()));
                return;
            }
            add = grow;
            remove = grow.undo();
        }
        // A guest that does not boot is an infrastructure failure for the caller; an event that
        // does not complete is this kernel's failure, reported as a check.
        try (Guest guest = boot.apply(spec)) {
            try (MemoryMonitor monitor = guest.openMonitor()) {
                MemoryDevices machine = new MemoryDevices(monitor, eventTimeout, context);
                addCheckRemove(guest, machine, add, remove, snapshot -> afterAdd.put(id, snapshot), results);
            } catch (HmsabiException e) {
                results.add(new CheckResult(NewMemoryChecks.SUITE, add.describe() + ": events complete", kernel.reference(),
                        Status.FAILED, Optional.of(context + ", " + add.describe() + ": " + Messages.firstLine(e.getMessage()))));
            }
            // What the kernel printed while memory came and went: a WARNING there fails too.
            try {
                results.add(KernelLogCheck.of(kernel.reference(), add.describe() + " and back: kernel log",
                        KernelLog.read(guest.session())));
            } catch (HmsabiException unreadable) {
                results.add(new CheckResult(KernelLogCheck.SUITE, add.describe() + " and back: kernel log", kernel.reference(),
                        Status.FAILED, Optional.of("the guest no longer answers: " + Messages.firstLine(unreadable.getMessage()))));
            }
        }
    }

    /** Appends each check as it is made, so an event that fails later keeps the checks before it. */
    private void addCheckRemove(Guest guest, MemoryDevices machine, MemoryEvent add, MemoryEvent remove,
                                Consumer<Snapshot> afterAdd, List<CheckResult> results) {
        GuestMemory memory = new GuestMemory(guest.session());
        long blockSize = memory.blockSizeBytes();
        int node = add.node();
        String label = add.describe();
        OnlinePolicy.Default policy = OnlinePolicy.preferMovable(memory, context + ", " + label);
        NodeState before = NodeState.capture(guest, kernel, topology, node);
        int blocksBefore = memory.blocks(node).size();
        Instant started = Instant.now();
        machine.perform(add);
        OnlinePolicy.Record online = OnlinePolicy.bringOnline(memory, node, blocksBefore + add.deltaBytes() / blockSize,
                eventTimeout, context + ", " + label);
        Duration took = Duration.between(started, Instant.now());
        results.add(new CheckResult(NewMemoryChecks.SUITE, label + ": online policy", kernel.reference(), Status.PASSED,
                Optional.of(policy.describe() + online.describe() + "; online " + took.toMillis() + " ms after the event")));
        NodeState after = NodeState.capture(guest, kernel, topology, node);
        afterAdd.accept(after.snapshot());
        results.addAll(NewMemoryChecks.run(label, guest.session(), topology, node, add.deltaBytes(), before, after, eventDiff));

        machine.perform(remove);
        OnlinePolicy.awaitRemoved(memory, node, blocksBefore, eventTimeout, context + ", " + remove.describe());
        NodeState back = NodeState.capture(guest, kernel, topology, node);
        results.add(NewMemoryChecks.backToBefore(remove.describe(), topology, before, back, eventDiff));

        // The same memory again, in the same boot: user space must see the node it saw the first time.
        machine.perform(add);
        OnlinePolicy.bringOnline(memory, node, blocksBefore + add.deltaBytes() / blockSize, eventTimeout,
                context + ", " + label + " again");
        NodeState again = NodeState.capture(guest, kernel, topology, node);
        results.add(NewMemoryChecks.sameAsBefore(label + " again", topology, after, again, eventDiff));
        machine.perform(remove);
        OnlinePolicy.awaitRemoved(memory, node, blocksBefore, eventTimeout, context + ", " + remove.describe() + " again");
    }

    /**
     * Why the kernel cannot drive a device whose driver is {@code module}: neither built in nor
     * among its modules (a split Debian kernel whose modules package the index lacks has only its
     * built-in drivers). Empty when it can.
     */
    private Optional<String> missingDriver(String module) {
        Optional<Boolean> inModulesTree = kernel.modulesDir().filter(java.nio.file.Files::isDirectory)
                .map(org.hmsabi.guest.KernelModules::read)
                .map(modules -> modules.isBuiltin(module) || modules.isModule(module));
        String option = "CONFIG_" + module.toUpperCase(java.util.Locale.ROOT) + "=y";
        boolean builtInByConfig = kernel.config().filter(java.nio.file.Files::isRegularFile).map(config -> {
            try {
                return java.nio.file.Files.readAllLines(config).contains(option);
            } catch (java.io.IOException unreadable) {
                return false;
            }
        }).orElse(false);
        if (inModulesTree.orElse(false) || builtInByConfig) {
            return Optional.empty();
        }
        if (kernel.modulesMissingReason().isPresent()) {
            return Optional.of(kernel.modulesMissingReason().get() + " (no " + module + ")");
        }
        // A modules tree that lacks it says so; without a tree or a config nothing is known: try.
        return inModulesTree.map(found -> kernel.exactReference() + " has no " + module + " driver, neither built in nor as a module");
    }

    private CheckResult skipped(String name, String reason) {
        return new CheckResult(NewMemoryChecks.SUITE, name, kernel.reference(), Status.SKIPPED, Optional.of(reason));
    }
}
