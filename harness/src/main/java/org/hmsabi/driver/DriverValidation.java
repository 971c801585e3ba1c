package org.hmsabi.driver;

import org.hmsabi.check.TaintFlags;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.Messages;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.check.CheckResult;
import org.hmsabi.diff.Finding;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.hotplug.GuestMemory;
import org.hmsabi.hotplug.OnlinePolicy;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.topology.CpuSource;
import org.hmsabi.topology.ObservedTopology;
import org.hmsabi.topology.ObservedTopologyReader;
import org.hmsabi.topology.Quantities;
import org.hmsabi.topology.Topology;

/**
 * validate-driver's run: boot with the vendor modules in the initramfs, snapshot, load the
 * modules one by one, bring the memory they added online if the kernel's policy leaves it
 * offline, wait (bounded) for the new memory nodes, snapshot again, and judge: loads, taint,
 * kernel log, new memory, the expect file, then any extra {@link DriverCheck}s.
 */
public final class DriverValidation {
    /** Hot-added memory appears while insmod runs for a synchronous probe; 30 s covers slow, asynchronous ones under TCG. */
    static final Duration NODE_WAIT = Duration.ofSeconds(30);
    private static final int MAX_LOG_LINES = 60;
    private static final int MAX_LINE = 300;

    private final List<DriverCheck> extraChecks;
    private final Consumer<String> progress;

    public DriverValidation(List<DriverCheck> extraChecks, Consumer<String> progress) {
        this.extraChecks = List.copyOf(extraChecks);
        this.progress = progress;
    }

    /** Boots {@code spec} (its vendor modules are replaced by {@code modules}) and validates; infrastructure failures throw. */
    public DriverResult run(GuestSpec spec, Kernel kernel, Topology topology, List<Path> modules, DriverExpectation expectation) {
        return run(spec, kernel, topology, modules, List.of(), expectation);
    }

    /** The same, each module loaded with its {@code parameters} (those naming it, in order). */
    public DriverResult run(GuestSpec spec, Kernel kernel, Topology topology, List<Path> modules, List<ModuleParameter> parameters,
                            DriverExpectation expectation) {
        try (Guest guest = Guest.boot(spec.withVendorModules(modules))) {
            return validate(guest, kernel, topology, modules, List.copyOf(parameters), expectation);
        }
    }

    private DriverResult validate(Guest guest, Kernel kernel, Topology topology, List<Path> modules, List<ModuleParameter> parameters,
                                  DriverExpectation expectation) {
        GuestFiles files = new GuestFiles(guest.session());
        GuestMemory memory = new GuestMemory(guest.session());
        // A promise of validate-driver is that unloading gives the memory back, which only ZONE_MOVABLE makes
        // reliable: where the kernel would online new blocks into ZONE_NORMAL, it is asked for online_movable
        // (as the hot-plug suite does, and as a machine whose device memory must be removable is configured).
        // Before the first snapshot, so the before/after diffs see one policy. Seen: 7.3.4's default 'online'
        // put the example's memory in ZONE_NORMAL, a slab page landed there and rmmod could not remove it (EBUSY).
        OnlinePolicy.Default policy = OnlinePolicy.preferMovable(memory, kernel.exactReference() + " on " + topology.name());
        Snapshot before = Snapshots.capture(guest, kernel, topology);
        long taintBefore = files.taint();
        Set<Integer> blocksBefore = files.memoryBlocks().keySet();
        Set<Integer> memoryNodesBefore = new TreeSet<>(files.nodeMask("has_memory"));
        Map<Integer, Long> memTotalBefore = new TreeMap<>();
        memoryNodesBefore.forEach(node -> memTotalBefore.put(node, memory.memTotalBytes(node)));
        files.run("/bin/busybox", "dmesg", "-c"); // from here on, dmesg holds what loading caused
        String autoOnline = policy.setBySuite().map(set -> set + " (set by validate-driver; the kernel's default: " + policy.kernel() + ")")
                .orElse(policy.kernel());

        List<ModuleLoad> loads = new ArrayList<>();
        StringBuilder kernelLog = new StringBuilder();
        boolean allLoaded = loadAll(guest, files, modules, parameters, loads, kernelLog);
        if (!allLoaded && !guest.isRunning()) {
            return died(guest, kernel, topology, loads, autoOnline, taintBefore, kernelLog);
        }

        List<String> onlined = new ArrayList<>();
        List<CheckResult> checks = new ArrayList<>();
        loads.forEach(load -> checks.add(loadCheck(kernel, load)));
        List<Integer> newNodes = List.of();
        if (allLoaded) {
            // A driver may add memory after insmod returns: blocks are onlined as they arrive, while waiting.
            Set<Integer> handled = new TreeSet<>(blocksBefore);
            Runnable onlineArrivals = () -> onlined.addAll(onlineNewBlocks(files, handled, checks, kernel));
            onlineArrivals.run();
            newNodes = awaitNewNodes(files, memoryNodesBefore, expectation, onlineArrivals);
        }
        Snapshot after = Snapshots.capture(guest, kernel, topology);
        long taintAfter = files.taint();
        appendLog(kernelLog, "after loading", files.run("/bin/busybox", "dmesg", "-c").output());

        List<AddedNode> added = addedNodes(files, memory, after, newNodes, blocksBefore);
        checks.add(taintCheck(kernel, taintBefore, taintAfter));
        checks.add(logCheck(kernel, kernelLog.toString()));
        if (allLoaded) {
            checks.add(newMemoryCheck(kernel, added, expectation, autoOnline, onlined));
            checks.addAll(expectationChecks(kernel, expectation, added, after));
            DriverEvidence evidence = new DriverEvidence(guest.session(), kernel, topology, before, after, added,
                    memTotalBefore);
            extraChecks.forEach(check -> checks.addAll(check.check(evidence)));
            CheckResult unloaded = unloadCheck(files, kernel, modules, memoryNodesBefore, kernelLog);
            checks.add(unloaded);
            if (unloaded.status() == CheckResult.Status.PASSED) {
                Snapshot afterUnload = Snapshots.capture(guest, kernel, topology);
                extraChecks.forEach(check -> checks.addAll(check.afterUnload(evidence, afterUnload)));
            }
        }
        return new DriverResult(kernel.exactReference(), guest.session().kernelRelease(), topology.name(), loads, autoOnline,
                onlined, added, taintBefore, taintAfter, checks, informational(before, after), bounded(kernelLog.toString()),
                guest.consoleText(), guest.bootTime(), Optional.empty());
    }

    /** insmod in order; the first failure stops the rest (later modules may need it). */
    private boolean loadAll(Guest guest, GuestFiles files, List<Path> modules, List<ModuleParameter> parameters,
                            List<ModuleLoad> loads, StringBuilder log) {
        boolean failed = false;
        for (Path module : modules) {
            String name = GuestSpec.vendorModuleName(module);
            if (failed) {
                loads.add(new ModuleLoad(name, ModuleLoad.Status.NOT_TRIED, "not loaded: an earlier module failed"));
                continue;
            }
            progress.accept("loading " + name + "...");
            try {
                String moduleName = name.substring(0, name.length() - ".ko".length());
                List<String> insmod = new ArrayList<>(List.of("/bin/busybox", "insmod", GuestSpec.VENDOR_MODULES_DIR + "/" + name));
                insmod.addAll(ModuleParameter.insmodArguments(parameters, moduleName));
                GuestFiles.Run loaded = files.run(insmod.toArray(String[]::new));
                String kernelLines = files.run("/bin/busybox", "dmesg", "-c").output();
                appendLog(log, "insmod " + name, kernelLines);
                String detail = bounded((loaded.output().isBlank() ? "" : loaded.output().strip() + "\n") + kernelLines);
                List<String> ignored = ignoredParameters(kernelLines, moduleName, parameters);
                if (loaded.succeeded() && !ignored.isEmpty()) {
                    // The kernel loads a module despite parameters it does not know, and only says so in its log.
                    detail = bounded("the module has no parameter " + String.join(", ", ignored) + "; the kernel ignored it\n"
                            + kernelLines);
                }
                boolean ok = loaded.succeeded() && ignored.isEmpty();
                loads.add(new ModuleLoad(name, ok ? ModuleLoad.Status.LOADED : ModuleLoad.Status.FAILED, detail));
                failed = !ok;
            } catch (InfrastructureException e) {
                if (guest.isRunning()) {
                    throw e;
                }
                loads.add(new ModuleLoad(name, ModuleLoad.Status.FAILED, "the guest died while loading it: " + e.getMessage()));
                return false;
            }
        }
        return !failed;
    }

    /** The parameters given to {@code module} that the kernel logged as unknown ({@code unknown parameter 'x' ignored}). */
    static List<String> ignoredParameters(String kernelLines, String module, List<ModuleParameter> parameters) {
        return parameters.stream().filter(parameter -> ModuleParameter.sameModule(parameter.module(), module))
                .map(ModuleParameter::name)
                .filter(name -> kernelLines.contains("unknown parameter '" + name + "' ignored"))
                .toList();
    }

    /** A guest that died loading a module is the module's failure, with the console's last lines. */
    private static DriverResult died(Guest guest, Kernel kernel, Topology topology, List<ModuleLoad> loads, String autoOnline,
                                     long taintBefore, StringBuilder kernelLog) {
        String console = guest.consoleText();
        String tail = bounded(String.join("\n", console.lines().filter(line -> org.hmsabi.check.KernelLogCheck.TROUBLE.matcher(line).find()
                || line.contains("Kernel panic")).toList()));
        List<CheckResult> checks = new ArrayList<>();
        loads.forEach(load -> checks.add(loadCheck(kernel, load)));
        checks.add(new CheckResult(DriverResult.SUITE, "guest survives loading", kernel.exactReference(),
                CheckResult.Status.FAILED, Optional.of("the guest died while loading modules; console: "
                        + (tail.isBlank() ? lastLines(console, 10) : tail))));
        return new DriverResult(kernel.exactReference(), "", topology.name(), loads, autoOnline, List.of(), List.of(),
                taintBefore, taintBefore, checks, List.of(), bounded(kernelLog.toString()), console, guest.bootTime(),
                Optional.empty());
    }

    /**
     * Blocks the modules added that the kernel left offline (auto_online_blocks = offline, as on
     * Debian's 6.1) go online as movable memory, as a udev rule or daxctl would online them, so
     * that the driver can offline and remove them again. Onlines the offline blocks not in
     * {@code handled}, and adds every block it saw to {@code handled}.
     */
    private static List<String> onlineNewBlocks(GuestFiles files, Set<Integer> handled, List<CheckResult> checks, Kernel kernel) {
        List<String> onlined = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (GuestFiles.Block block : files.memoryBlocks().values()) {
            if (handled.add(block.number()) && block.state().equals("offline")) {
                String name = "memory" + block.number();
                Optional<String> error = files.write(GuestFiles.MEMORY + "/" + name + "/state", "online_movable");
                if (error.isEmpty()) {
                    onlined.add(name);
                } else {
                    refused.add(name + " (" + error.get() + ")");
                }
            }
        }
        if (!refused.isEmpty()) {
            checks.add(new CheckResult(DriverResult.SUITE, "online added memory", kernel.exactReference(), CheckResult.Status.FAILED,
                    Optional.of("writing online_movable to the state of " + String.join(", ", refused) + " failed")));
        }
        return onlined;
    }

    /** Waits, bounded, until has_memory gained as many nodes as promised (at least one), running {@code eachPoll} before each look. */
    private static List<Integer> awaitNewNodes(GuestFiles files, Set<Integer> before, DriverExpectation expectation,
                                               Runnable eachPoll) {
        int wanted = expectation.nodeCount().orElse(1);
        if (wanted == 0) { // promised no memory: nothing to wait for
            eachPoll.run();
            return newNodes(files, before);
        }
        try {
            return await().atMost(NODE_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        eachPoll.run();
                        return newNodes(files, before);
                    }, nodes -> nodes.size() >= wanted);
        } catch (ConditionTimeoutException timeout) {
            return newNodes(files, before);
        }
    }

    private static List<Integer> newNodes(GuestFiles files, Set<Integer> before) {
        return files.nodeMask("has_memory").stream().filter(node -> !before.contains(node)).toList();
    }

    private static List<AddedNode> addedNodes(GuestFiles files, GuestMemory memory, Snapshot after, List<Integer> newNodes,
                                              Set<Integer> blocksBefore) {
        ObservedTopology observed = ObservedTopologyReader.read(new SnapshotView(after));
        long blockSize = memory.blockSizeBytes();
        SortedMap<Integer, GuestFiles.Block> blocks = files.memoryBlocks();
        List<AddedNode> added = new ArrayList<>();
        for (int id : newNodes) {
            long online = blocks.values().stream()
                    .filter(b -> !blocksBefore.contains(b.number()) && b.node().equals(Optional.of(id)) && b.state().equals("online"))
                    .count();
            long memTotalBytes = memory.memTotalBytes(id); // 0: the node has no directory
            OptionalLong memTotal = memTotalBytes == 0 ? OptionalLong.empty() : OptionalLong.of(memTotalBytes / 1024);
            ObservedTopology.Node node = observed.node(id).orElseGet(() -> new ObservedTopology.Node(id, List.of(),
                    CpuSource.NONE, OptionalLong.empty(), new TreeMap<>(), new TreeMap<>(), List.of(), OptionalInt.empty()));
            added.add(new AddedNode(id, online * blockSize, memTotal, node));
        }
        return added;
    }

    /**
     * Last, after every other check: rmmod in reverse order must succeed, and the memory the
     * modules added must be gone again (a driver that cannot give its memory back blocks device
     * reset and hot-unplug). Kernel warnings while unloading fail it too.
     */
    private CheckResult unloadCheck(GuestFiles files, Kernel kernel, List<Path> modules, Set<Integer> memoryNodesBefore,
                                    StringBuilder kernelLog) {
        long taint = files.taint();
        List<String> problems = new ArrayList<>();
        for (int i = modules.size() - 1; i >= 0; i--) {
            String name = GuestSpec.vendorModuleName(modules.get(i));
            progress.accept("unloading " + name + "...");
            GuestFiles.Run rmmod = files.run("/bin/busybox", "rmmod", name.substring(0, name.length() - ".ko".length()));
            String lines = files.run("/bin/busybox", "dmesg", "-c").output();
            appendLog(kernelLog, "rmmod " + name, lines);
            if (!rmmod.succeeded()) {
                problems.add("rmmod " + name + " exited " + rmmod.status() + ": " + oneLine(rmmod.output() + "\n" + lines));
            }
        }
        List<Integer> stillThere = newNodes(files, memoryNodesBefore);
        if (problems.isEmpty() && !stillThere.isEmpty()) {
            problems.add("nodes " + stillThere + " still have memory after unloading");
        }
        long added = files.taint() & ~taint;
        if (TaintFlags.fails(added)) {
            problems.add("unloading tainted the kernel with " + String.join("", TaintFlags.letters(added)));
        }
        String name = "unload " + modules.stream().map(GuestSpec::vendorModuleName).collect(Collectors.joining(", "));
        return problems.isEmpty()
                ? new CheckResult(DriverResult.SUITE, name, kernel.exactReference(), CheckResult.Status.PASSED,
                        Optional.of("the added memory is gone again"))
                : new CheckResult(DriverResult.SUITE, name, kernel.exactReference(), CheckResult.Status.FAILED,
                        Optional.of(String.join("; ", problems)));
    }

    private static CheckResult loadCheck(Kernel kernel, ModuleLoad load) {
        return switch (load.status()) {
            case LOADED -> new CheckResult(DriverResult.SUITE, "load " + load.module(), kernel.exactReference(),
                    CheckResult.Status.PASSED, Optional.empty());
            case FAILED -> new CheckResult(DriverResult.SUITE, "load " + load.module(), kernel.exactReference(),
                    CheckResult.Status.FAILED, Optional.of(load.module() + " failed to load: " + oneLine(load.detail())));
            case NOT_TRIED -> new CheckResult(DriverResult.SUITE, "load " + load.module(), kernel.exactReference(),
                    CheckResult.Status.SKIPPED, Optional.of(load.detail()));
        };
    }

    private static CheckResult taintCheck(Kernel kernel, long before, long after) {
        long added = after & ~before;
        String letters = TaintFlags.letters(added).isEmpty() ? "none" : String.join("", TaintFlags.letters(added));
        if (TaintFlags.fails(added)) {
            return new CheckResult(DriverResult.SUITE, "kernel taint", kernel.exactReference(), CheckResult.Status.FAILED,
                    Optional.of("loading tainted the kernel with " + letters + " (tainted " + before + " -> " + after
                            + "): W is a kernel warning, D an oops; see the kernel log"));
        }
        return new CheckResult(DriverResult.SUITE, "kernel taint", kernel.exactReference(), CheckResult.Status.PASSED,
                Optional.of("new taint flags: " + letters + (added == 0 ? "" : " (O out-of-tree and E unsigned are expected of a vendor module)")));
    }

    private static CheckResult logCheck(Kernel kernel, String log) {
        List<String> trouble = org.hmsabi.check.KernelLogCheck.trouble(log);
        if (trouble.isEmpty()) {
            return new CheckResult(DriverResult.SUITE, "kernel log", kernel.exactReference(), CheckResult.Status.PASSED, Optional.empty());
        }
        return new CheckResult(DriverResult.SUITE, "kernel log", kernel.exactReference(), CheckResult.Status.FAILED,
                Optional.of("the kernel reported trouble while the modules loaded: " + bounded(String.join(" | ", trouble))));
    }

    private static CheckResult newMemoryCheck(Kernel kernel, List<AddedNode> added, DriverExpectation expectation,
                                              String autoOnline, List<String> onlined) {
        String policy = "auto_online_blocks=" + autoOnline + (onlined.isEmpty() ? "" : "; onlined " + String.join(", ", onlined));
        if (added.isEmpty() && expectation.nodeCount().orElse(1) > 0) {
            return new CheckResult(DriverResult.SUITE, "new memory node", kernel.exactReference(), CheckResult.Status.FAILED,
                    Optional.of("no node gained memory within " + NODE_WAIT.toSeconds() + " s of loading (" + policy + ")"));
        }
        String nodes = added.stream().map(n -> "node" + n.id() + " +" + Quantities.formatBytes(n.sizeBytes()))
                .collect(Collectors.joining(", "));
        return new CheckResult(DriverResult.SUITE, "new memory node", kernel.exactReference(), CheckResult.Status.PASSED,
                Optional.of((nodes.isEmpty() ? "none, as expected" : nodes) + " (" + policy + ")"));
    }

    /**
     * The node memory arrived on by other means than a vendor module (a CXL region the kernel's own
     * drivers assembled): its online blocks, MemTotal and what the snapshot {@code after} shows of it.
     */
    public static AddedNode addedNode(Guest guest, Snapshot after, int node) {
        return addedNodes(new GuestFiles(guest.session()), new GuestMemory(guest.session()), after, List.of(node), Set.of()).get(0);
    }

    /** The kernel's taint flags ({@code /proc/sys/kernel/tainted}) as the guest shows them now. */
    public static long taint(Guest guest) {
        return new GuestFiles(guest.session()).taint();
    }

    /** The "new memory node" check and the expect file's promises, on the nodes {@code added}. */
    public static List<CheckResult> newMemoryChecks(Kernel kernel, DriverExpectation expectation, List<AddedNode> added, Snapshot after,
                                                    String autoOnline) {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(newMemoryCheck(kernel, added, expectation, autoOnline, List.of()));
        checks.addAll(expectationChecks(kernel, expectation, added, after));
        return checks;
    }

    private static List<CheckResult> expectationChecks(Kernel kernel, DriverExpectation expectation, List<AddedNode> added,
                                                       Snapshot after) {
        ObservedTopology observed = ObservedTopologyReader.read(new SnapshotView(after));
        List<Integer> cpuTiers = observed.nodes().stream().filter(ObservedTopology.Node::hasCpus)
                .filter(n -> n.tier().isPresent()).map(n -> n.tier().getAsInt()).toList();
        List<Deviation> deviations = ExpectationMatcher.match(expectation, added, cpuTiers);
        if (deviations.isEmpty()) {
            return List.of(new CheckResult(DriverResult.SUITE, "expect " + expectation.source(), kernel.exactReference(),
                    CheckResult.Status.PASSED, Optional.empty()));
        }
        return deviations.stream().map(d -> new CheckResult(DriverResult.SUITE, "expect " + d.attribute(), kernel.exactReference(),
                CheckResult.Status.FAILED, Optional.of(d.message()))).toList();
    }

    /** The before/after differences as information: loading a driver is meant to change the tree; the checks judge. */
    private static List<Finding> informational(Snapshot before, Snapshot after) {
        return new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false).compare(before, after).findings().stream()
                .map(f -> new Finding(f.kind(), Finding.Severity.INFO, f.stability(), f.subject(), f.paths(), f.baseline(),
                        f.candidate(), f.waiver()))
                .toList();
    }

    private static void appendLog(StringBuilder log, String when, String lines) {
        if (!lines.isBlank()) {
            log.append("-- ").append(when).append('\n').append(lines.strip()).append('\n');
        }
    }

    /** At most {@link #MAX_LOG_LINES} lines (the last ones) of at most {@link #MAX_LINE} characters. */
    static String bounded(String text) {
        List<String> lines = text.lines().map(l -> l.length() > MAX_LINE ? l.substring(0, MAX_LINE) + "…" : l).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - MAX_LOG_LINES), lines.size()));
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.lines().toList();
        return bounded(String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size())));
    }

    private static String oneLine(String text) {
        return Messages.joinLines(bounded(text), " | ");
    }
}
