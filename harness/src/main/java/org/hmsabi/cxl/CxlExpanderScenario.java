package org.hmsabi.cxl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hmsabi.HmsabiException;
import org.hmsabi.Messages;
import org.hmsabi.check.CheckResult;
import org.hmsabi.check.CheckResult.Status;
import org.hmsabi.check.KernelLogCheck;
import org.hmsabi.conformance.ConformanceChecker;
import org.hmsabi.conformance.ConformanceReport;
import org.hmsabi.conformance.Violation;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.guest.KernelLog;
import org.hmsabi.guest.KernelModules;
import org.hmsabi.hotplug.EventDiff;
import org.hmsabi.hotplug.GuestMemory;
import org.hmsabi.hotplug.NewMemoryChecks;
import org.hmsabi.hotplug.NodeState;
import org.hmsabi.hotplug.OnlinePolicy;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.qemu.CxlArguments;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.topology.CxlHostBridge;
import org.hmsabi.topology.HmatDataType;
import org.hmsabi.topology.HmatEntry;
import org.hmsabi.topology.MemoryHierarchy;
import org.hmsabi.topology.Topology;

/**
 * The CXL expander suite on one booted guest of a fixture with a CXL host bridge: the CXL modules
 * are loaded, the bus shows the fixture's ports, decoders and memdevs and conforms to the spec;
 * a RAM region is assembled on the window through sysfs writes alone ({@link RegionStep#ASSEMBLE},
 * each step checked), its DAX device goes to kmem and its memory online, and the new node is
 * checked as hot-plugged memory is ({@link NewMemoryChecks}, judged on the machine as Linux numbers
 * it, {@link CxlNodes}), plus the region's access classes against the generic port's HMAT; then the
 * memory goes offline, the region is taken apart ({@link RegionStep#TEAR_DOWN}) and the node ABI
 * and the bus must be as before, up to an explicit allow-list. Each check is a {@link CheckResult}
 * of suite {@value #SUITE}; a step that fails ends the run (the next steps need it).
 */
public final class CxlExpanderScenario {
    public static final String SUITE = "cxl";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);
    /** The QEMU device whose drivers the guest loads at boot. */
    static final String DEVICE = "cxl-type3";
    private static final String DAX_DEVICES = "/sys/bus/dax/devices";

    private final Kernel kernel;
    private final Topology topology;
    private final Topology guestView;
    private final int node;
    private final Duration timeout;
    private final EventDiff eventDiff;
    private final Consumer<String> progress;
    private final String context;
    private RegionOnline whileOnline = (guest, node, sizeBytes, withRegion) -> List.of();

    /**
     * What else to check while the region's memory is online (after the suite's own checks of the
     * new node, before it is taken apart): e.g. validate-driver's expect file on the region's node.
     */
    @FunctionalInterface
    public interface RegionOnline {
        /** The checks to add, given the guest, the region's node, its size and the snapshot with the region online. */
        List<CheckResult> check(Guest guest, int node, long sizeBytes, Snapshot withRegion);
    }

    /** The same scenario, running {@code listener} while the region's memory is online. */
    public CxlExpanderScenario whileOnline(RegionOnline listener) {
        this.whileOnline = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    public CxlExpanderScenario(Kernel kernel, Topology topology, Duration timeout, Waivers waivers, Consumer<String> progress) {
        this.kernel = kernel;
        this.topology = topology;
        this.guestView = CxlNodes.guestView(topology);
        this.node = CxlNodes.windowNode(topology);
        this.timeout = timeout;
        this.eventDiff = new EventDiff(waivers);
        this.progress = progress;
        this.context = kernel.reference() + " on " + topology.name();
    }

    /**
     * What the run found: every check in order, and the node ABI plus the CXL bus once the region's
     * memory was online (for golden files), when it got that far.
     */
    public record Outcome(List<CheckResult> checks, Optional<Snapshot> afterRegion) {
        public Outcome {
            checks = List.copyOf(checks);
        }

        public boolean passed() {
            return checks.stream().noneMatch(check -> check.status() == Status.FAILED);
        }

        /** The checks that failed, in order. */
        public List<CheckResult> failed() {
            return checks.stream().filter(check -> check.status() == Status.FAILED).toList();
        }

        /** Why no region came online, on one line: the first failed check (the step that stopped the run). */
        public String whyNoRegion() {
            return failed().stream().findFirst().map(check -> check.name() + ": " + check.message().orElse(""))
                    .map(Messages::joinLines).orElse("the cxl suite stopped early");
        }
    }

    /**
     * The suite in a guest of its own, booted afresh from {@code spec}: its steps change the guest,
     * so no saved state is restored or saved. What the gate, {@code check --suite cxl},
     * {@code snapshot --after-region} and {@code history} run.
     */
    public Outcome runInFreshGuest(GuestSpec spec) {
        try (Guest guest = Guest.boot(spec.withSavedStates(false))) {
            return run(guest);
        }
    }

    public Outcome run(Guest guest) {
        CxlHostBridge bridge = topology.cxl().orElseThrow(() -> new IllegalArgumentException(topology.name() + " has no cxl: section"));
        List<CheckResult> checks = new ArrayList<>();
        Optional<Snapshot> afterRegion = Optional.empty();
        CxlSysfs bus = new CxlSysfs(guest.session());
        try {
            if (!modules(guest, checks)) {
                if (kernel.modulesMissingReason().isEmpty()) {
                    topology(bus, bridge, checks); // what the bus shows without them
                }
                return new Outcome(checks, afterRegion);
            }
            if (!topology(bus, bridge, checks)) {
                return new Outcome(checks, afterRegion);
            }
            GuestMemory memory = new GuestMemory(guest.session());
            // First, so that the snapshot before already has it: hot-plug's rule (OnlinePolicy).
            OnlinePolicy.Default policy = OnlinePolicy.preferMovable(memory, context);
            NodeState before = NodeState.capture(guest, kernel, topology, node);
            SortedMap<String, Entry> busBefore = bus.entries();
            add(checks, conformance("bus before a region conforms", merged(before.snapshot(), busBefore)));
            Map<String, String> memdevs = endpointsOfMemdevs(bus);
            RegionPlan plan = plan(bus, bridge, memdevs);
            if (!steps(bus, plan, RegionStep.ASSEMBLE, checks) || !daxDevice(bus, plan, checks)) {
                return new Outcome(checks, afterRegion);
            }
            long blockSize = memory.blockSizeBytes();
            OnlinePolicy.Record online = OnlinePolicy.bringOnline(memory, node, plan.sizeBytes() / blockSize, timeout,
                    context + ", " + plan.region());
            checks.add(result("kmem: memory online", true, policy.describe() + online.describe()));
            SortedMap<String, String> viaSysfs = facts(bus, memory, plan);
            NodeState after = NodeState.capture(guest, kernel, topology, node);
            Snapshot withBus = merged(after.snapshot(), bus.entries());
            afterRegion = Optional.of(withBus);
            String label = plan.region() + " on node " + node;
            for (CheckResult check : NewMemoryChecks.run(label, guest.session(), guestView, node, plan.sizeBytes(), before, after, eventDiff)) {
                checks.add(new CheckResult(SUITE, check.name(), check.kernel(), check.status(), check.message(), check.diff()));
            }
            access(bus, plan, bridge, after, checks);
            add(checks, conformance("bus with " + plan.region() + " conforms", withBus));
            checks.addAll(whileOnline.check(guest, node, plan.sizeBytes(), withBus));

            offline(memory, plan, checks);
            if (!steps(bus, plan, RegionStep.TEAR_DOWN, checks)) {
                return new Outcome(checks, afterRegion);
            }
            OnlinePolicy.awaitRemoved(memory, node, 0, timeout, context + ", " + plan.region() + " deleted");
            NodeState back = NodeState.capture(guest, kernel, topology, node);
            checks.add(rename(NewMemoryChecks.backToBefore(plan.region() + " deleted", guestView, before, back, eventDiff)));
            checks.add(busBack(plan, switchDecoders(bus), busBefore, bus.entries()));
            withTool(new CxlTool(guest.session()), bus, memory, plan, memdevs, viaSysfs, checks);
        } catch (HmsabiException e) {
            checks.add(result("the run completes", false, context + ": " + Messages.firstLine(e.getMessage())));
        } finally {
            try {
                checks.add(rename(KernelLogCheck.of(kernel.reference(), "kernel log", KernelLog.read(guest.session()))));
            } catch (HmsabiException unreadable) {
                checks.add(result("kernel log", false, "the guest no longer answers: " + Messages.firstLine(unreadable.getMessage())));
            }
        }
        return new Outcome(checks, afterRegion);
    }

    /**
     * What a region is once its memory is online, as sysfs shows it, the same for a region made
     * through sysfs and one made by the cxl tool: the region's mode, size, interleave and commit,
     * each target's endpoint decoder and its mode, DPA size and host range size, its DAX device's
     * size and node, and how many of the window node's memory blocks are online.
     */
    private SortedMap<String, String> facts(CxlSysfs bus, GuestMemory memory, RegionPlan plan) {
        SortedMap<String, String> facts = new TreeMap<>();
        for (String attribute : List.of("mode", "size", "interleave_ways", "interleave_granularity", "commit")) {
            facts.put("region " + attribute, bus.read(plan.regionDir() + "/" + attribute).map(CxlSysfs::bounded).orElse("absent"));
        }
        for (int position : plan.positions()) {
            Optional<String> target = bus.read(plan.regionDir() + "/target" + position)
                    .filter(name -> name.matches("decoder[0-9]{1,6}\\.[0-9]{1,6}"));
            facts.put("region target" + position, target.orElse("absent"));
            target.ifPresent(decoder -> {
                for (String attribute : List.of("mode", "dpa_size", "size")) {
                    facts.put("target" + position + " endpoint decoder " + attribute,
                            bus.read(CxlSysfs.DEVICES + "/" + decoder + "/" + attribute).map(CxlSysfs::bounded).orElse("absent"));
                }
            });
        }
        List<String> dax = daxDevices(bus, plan);
        facts.put("dax devices", String.valueOf(dax.size()));
        if (dax.size() == 1) {
            for (String attribute : List.of("size", "target_node")) {
                facts.put("dax " + attribute, bus.read(DAX_DEVICES + "/" + dax.get(0) + "/" + attribute).map(CxlSysfs::bounded).orElse("absent"));
            }
        }
        facts.put("node" + node + " memory blocks online", String.valueOf(memory.blocks(node).stream()
                .filter(block -> block.state().startsWith("online")).count()));
        return facts;
    }

    /**
     * The same region once more, made with ndctl's cxl tool ({@code create-region}, then
     * {@code disable-region} and {@code destroy-region}) after the sysfs-made one is gone: the
     * tool's JSON must name what sysfs shows, and the region and the node it becomes must be those
     * the sysfs writes gave ({@code viaSysfs}), fact by fact. Where the guest has no tool, one
     * skipped check says why.
     */
    private void withTool(CxlTool tool, CxlSysfs bus, GuestMemory memory, RegionPlan sysfsPlan, Map<String, String> memdevs,
                          SortedMap<String, String> viaSysfs, List<CheckResult> checks) {
        String name = "cxl tool: create-region";
        Optional<String> missing = tool.missing();
        if (missing.isPresent()) {
            checks.add(new CheckResult(SUITE, name, kernel.reference(), Status.SKIPPED, Optional.of("the guest has no cxl tool: " + missing.get())));
            return;
        }
        // The memdevs in the sysfs-made region's target order: the tool gives them positions in the order named.
        List<String> arguments = new ArrayList<>(List.of("create-region", "-m", "-d", sysfsPlan.rootDecoder(), "-t", "ram",
                "-w", String.valueOf(sysfsPlan.ways())));
        arguments.addAll(memdevs.keySet());
        progress.accept("cxl tool: create-region...");
        CxlTool.Result created = tool.run(arguments.toArray(String[]::new));
        if (!created.succeeded()) {
            checks.add(result(name, false, "cxl " + String.join(" ", arguments) + " exited " + created.status() + ": " + created.shown()));
            return;
        }
        CxlTool.Region region = CxlTool.parseRegion(created.output(), "create-region");
        RegionPlan plan = sysfsPlan.named(region.name());
        List<String> problems = agreement(bus, plan, region, "create-region");
        checks.add(result(name, problems.isEmpty(), problems.isEmpty()
                ? region.name() + ": size " + region.size() + ", " + region.ways() + " way(s), granularity " + region.granularity()
                        + region.decodeState().map(state -> ", " + state).orElse("") + " (as sysfs shows it)"
                : String.join("; ", problems)));
        if (!problems.isEmpty() || !daxDevice(bus, plan, checks)) {
            return;
        }
        OnlinePolicy.bringOnline(memory, node, plan.sizeBytes() / memory.blockSizeBytes(), timeout, context + ", " + plan.region());
        SortedMap<String, String> viaTool = facts(bus, memory, plan);
        List<String> differences = differences(viaSysfs, viaTool);
        CxlTool.Result listed = tool.run("list", "-R", "-r", region.name());
        if (!listed.succeeded()) {
            differences.add("cxl list -R -r " + region.name() + " exited " + listed.status() + ": " + listed.shown());
        } else {
            differences.addAll(agreement(bus, plan, CxlTool.parseRegion(listed.output(), "list"), "list"));
        }
        checks.add(result("cxl tool: same region and node as through sysfs", differences.isEmpty(), differences.isEmpty()
                ? viaTool.size() + " facts alike (" + String.join(", ", viaTool.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())
                        + "); cxl list agrees"
                : String.join("; ", differences)));
        offline(memory, plan, checks);
        List<String> teardown = new ArrayList<>();
        for (String command : List.of("disable-region", "destroy-region")) {
            progress.accept("cxl tool: " + command + "...");
            CxlTool.Result done = tool.run(command, region.name());
            if (!done.succeeded()) {
                teardown.add("cxl " + command + " " + region.name() + " exited " + done.status() + ": " + done.shown());
                break;
            }
        }
        if (teardown.isEmpty()) {
            if (bus.exists(plan.regionDir())) {
                teardown.add(region.name() + " is still on the bus");
            }
            for (int position : plan.positions()) {
                bus.read(plan.endpoint(position) + "/region").filter(value -> !value.isEmpty()).ifPresent(value -> teardown.add(
                        plan.endpointDecoders().get(position) + "/region is " + CxlSysfs.bounded(value) + ", expected empty"));
            }
        }
        checks.add(result("cxl tool: disable-region, destroy-region", teardown.isEmpty(), teardown.isEmpty()
                ? region.name() + " gone, " + String.join(", ", plan.endpointDecoders()) + " free" : String.join("; ", teardown)));
        if (teardown.isEmpty()) {
            OnlinePolicy.awaitRemoved(memory, node, 0, timeout, context + ", " + plan.region() + " destroyed");
        }
    }

    /** Each fact the two paths gave differently (a fact only one of them has counts as absent in the other). */
    static List<String> differences(SortedMap<String, String> viaSysfs, SortedMap<String, String> viaTool) {
        SortedMap<String, String> all = new TreeMap<>(viaSysfs);
        viaTool.forEach(all::putIfAbsent);
        List<String> differences = new ArrayList<>();
        for (String fact : all.keySet()) {
            String sysfs = viaSysfs.getOrDefault(fact, "absent");
            String tool = viaTool.getOrDefault(fact, "absent");
            if (!sysfs.equals(tool)) {
                differences.add(fact + ": " + sysfs + " through sysfs, " + tool + " through the cxl tool");
            }
        }
        return differences;
    }

    /** Where what the tool says of a region differs from sysfs. */
    private static List<String> agreement(CxlSysfs bus, RegionPlan plan, CxlTool.Region region, String command) {
        List<String> problems = new ArrayList<>();
        if (!region.name().equals(plan.region())) {
            problems.add("cxl " + command + " names " + region.name() + ", not " + plan.region());
        }
        Optional<Long> size = bus.read(plan.regionDir() + "/size").flatMap(CxlExpanderScenario::number);
        if (!size.equals(Optional.of(region.size()))) {
            problems.add("cxl " + command + " says size " + region.size() + ", sysfs " + size.map(String::valueOf).orElse("nothing"));
        }
        Optional<Long> ways = bus.read(plan.regionDir() + "/interleave_ways").flatMap(CxlExpanderScenario::number);
        if (!ways.equals(Optional.of((long) region.ways()))) {
            problems.add("cxl " + command + " says " + region.ways() + " way(s), sysfs " + ways.map(String::valueOf).orElse("nothing"));
        }
        Optional<Long> granularity = bus.read(plan.regionDir() + "/interleave_granularity").flatMap(CxlExpanderScenario::number);
        if (!granularity.equals(Optional.of(region.granularity()))) {
            problems.add("cxl " + command + " says granularity " + region.granularity() + ", sysfs "
                    + granularity.map(String::valueOf).orElse("nothing"));
        }
        region.type().filter(type -> !type.equals("ram")).ifPresent(type -> problems.add("cxl " + command + " says type " + type + ", not ram"));
        return problems;
    }

    /** A sysfs number, decimal or 0x-hex, bounded. */
    private static Optional<Long> number(String text) {
        if (text.matches("0x[0-9a-fA-F]{1,15}")) {
            return Optional.of(Long.parseLong(text.substring(2), 16));
        }
        return text.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
    }

    /** Every CXL module init was told to load is loaded (or built in). */
    private boolean modules(Guest guest, List<CheckResult> checks) {
        List<String> wanted = GuestSpec.deviceModules(DEVICE);
        Optional<KernelModules> tree = kernel.modulesDir().filter(java.nio.file.Files::isDirectory).map(KernelModules::read);
        List<String> missing = new ArrayList<>();
        for (String module : wanted) {
            boolean builtin = tree.map(modules -> modules.isBuiltin(module)).orElse(false);
            if (!builtin && !new CxlSysfs(guest.session()).exists("/sys/module/" + module)) {
                missing.add(module);
            }
        }
        Optional<String> noModules = kernel.modulesMissingReason();
        if (!missing.isEmpty() && noModules.isPresent()) {
            // A kernel whose modules package the archive does not offer: the suite cannot run, a named condition.
            checks.add(new CheckResult(SUITE, "modules loaded", kernel.reference(), Status.SKIPPED,
                    Optional.of("not loaded: " + String.join(", ", missing) + "; " + noModules.get())));
            return false;
        }
        checks.add(result("modules loaded", missing.isEmpty(), missing.isEmpty()
                ? String.join(", ", wanted) + " (load order from each module's depends=)"
                : "not loaded: " + String.join(", ", missing) + insmodLines(guest.consoleText())));
        return missing.isEmpty();
    }

    /** How many of the console's insmod lines a failed check quotes. */
    private static final int INSMOD_LINES = 6;

    /**
     * What the guest's console said about loading modules (busybox insmod's error and init's line
     * naming the module), bounded: the guest's text is untrusted, and only its first lines matter.
     */
    static String insmodLines(String console) {
        List<String> lines = console.lines().filter(line -> line.contains("insmod"))
                .map(line -> line.replaceAll("[^\\x20-\\x7e]", "?").strip())
                .map(line -> line.length() > 200 ? line.substring(0, 200) + "…" : line)
                .distinct().limit(INSMOD_LINES).toList();
        return lines.isEmpty() ? " (the console says nothing of insmod)" : "; the console: " + String.join(" | ", lines);
    }

    /** The bus shows what the fixture describes: one root decoder of the window's size, a port, an endpoint and a memdev per device. */
    private boolean topology(CxlSysfs bus, CxlHostBridge bridge, List<CheckResult> checks) {
        List<String> devices = bus.devices();
        List<String> problems = new ArrayList<>();
        Map<String, String> devtypes = new TreeMap<>();
        for (String device : devices) {
            bus.read(CxlSysfs.DEVICES + "/" + device + "/devtype").ifPresent(type -> devtypes.put(device, type));
        }
        List<String> roots = named(devtypes, "cxl_decoder_root");
        List<String> endpointDecoders = named(devtypes, "cxl_decoder_endpoint");
        List<String> memdevs = devices.stream().filter(name -> name.matches("mem[0-9]+")).toList();
        List<String> endpoints = devices.stream().filter(name -> name.matches("endpoint[0-9]+")).toList();
        List<String> ports = devices.stream().filter(name -> name.matches("port[0-9]+")).toList();
        expectCount(problems, "root decoders (cxl_decoder_root)", roots, 1);
        expectCount(problems, "host bridge ports (portN)", ports, 1);
        expectCount(problems, "memdevs (memN)", memdevs, bridge.deviceBytes().size());
        expectCount(problems, "endpoint ports (endpointN)", endpoints, bridge.deviceBytes().size());
        if (named(devtypes, "cxl_decoder_switch").isEmpty()) {
            problems.add("no switch decoder (cxl_decoder_switch) of the host bridge");
        }
        for (String root : roots) {
            hexIs(bus, problems, root + "/size", bridge.windowBytes());
            is(bus, problems, root + "/cap_ram", "1");
        }
        List<Long> ram = new ArrayList<>();
        for (String memdev : memdevs) {
            bus.read(CxlSysfs.DEVICES + "/" + memdev + "/ram/size").flatMap(RegionStep::hexValue).ifPresentOrElse(ram::add,
                    () -> problems.add(memdev + "/ram/size is absent or no hex number"));
            hexIs(bus, problems, memdev + "/pmem/size", 0);
        }
        if (!new TreeSet<>(ram).equals(new TreeSet<>(bridge.deviceBytes())) || ram.size() != bridge.deviceBytes().size()) {
            problems.add("the memdevs' ram/size are " + ram.stream().map(RegionPlan::hex).toList() + ", the fixture's devices "
                    + bridge.deviceBytes().stream().map(RegionPlan::hex).toList());
        }
        for (String decoder : endpointDecoders) {
            is(bus, problems, decoder + "/mode", "none");
            hexIs(bus, problems, decoder + "/dpa_size", 0);
        }
        if (endpointDecoders.size() < bridge.deviceBytes().size()) {
            problems.add(endpointDecoders.size() + " endpoint decoders for " + bridge.deviceBytes().size() + " devices");
        }
        checks.add(result("bus topology", problems.isEmpty(), problems.isEmpty()
                ? devices.size() + " devices: " + String.join(" ", devices) + "; root decoder of " + RegionPlan.hex(bridge.windowBytes())
                        + ", memdev ram " + ram.stream().map(RegionPlan::hex).toList()
                : String.join("; ", problems)));
        return problems.isEmpty();
    }

    private static List<String> named(Map<String, String> devtypes, String type) {
        return devtypes.entrySet().stream().filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey).toList();
    }

    private static void expectCount(List<String> problems, String what, List<String> found, int expected) {
        if (found.size() != expected) {
            problems.add(found.size() + " " + what + " " + found + ", the fixture makes " + expected);
        }
    }

    private static void is(CxlSysfs bus, List<String> problems, String attribute, String expected) {
        Optional<String> value = bus.read(CxlSysfs.DEVICES + "/" + attribute);
        if (!value.equals(Optional.of(expected))) {
            problems.add(attribute + " is " + value.map(CxlSysfs::bounded).orElse("absent") + ", expected " + expected);
        }
    }

    private static void hexIs(CxlSysfs bus, List<String> problems, String attribute, long expected) {
        Optional<String> value = bus.read(CxlSysfs.DEVICES + "/" + attribute);
        if (!value.flatMap(RegionStep::hexValue).equals(Optional.of(expected))) {
            problems.add(attribute + " is " + value.map(CxlSysfs::bounded).orElse("absent") + ", expected " + RegionPlan.hex(expected));
        }
    }

    /**
     * The region to build: on the root decoder, named as it offers, interleaved over every device,
     * each memdev's first endpoint decoder at the position of its device in PCI address order, with the
     * capacity of the smallest device from each, at the root decoder's granularity (as the cxl tool
     * of ndctl picks it; a one-target window takes any granularity the devices do,
     * drivers/cxl/core/region.c {@code interleave_granularity_store}).
     */
    private RegionPlan plan(CxlSysfs bus, CxlHostBridge bridge, Map<String, String> memdevs) {
        List<String> devices = bus.devices();
        String root = devices.stream().filter(name -> bus.read(CxlSysfs.DEVICES + "/" + name + "/devtype")
                .equals(Optional.of("cxl_decoder_root"))).findFirst().orElseThrow();
        String region = bus.read(CxlSysfs.DEVICES + "/" + root + "/create_ram_region").filter(name -> name.matches("region[0-9]{1,6}"))
                .orElseThrow(() -> new org.hmsabi.InfrastructureException(context + ": " + root + "/create_ram_region names no region"));
        List<String> decoders = memdevs.values().stream().map(endpoint -> "decoder" + endpoint.substring("endpoint".length()) + ".0").toList();
        String granularity = bus.read(CxlSysfs.DEVICES + "/" + root + "/interleave_granularity").filter(g -> g.matches("[0-9]{1,9}"))
                .orElse("256");
        long share = bridge.deviceBytes().stream().mapToLong(Long::longValue).min().orElseThrow();
        return new RegionPlan(root, region, decoders, share, granularity);
    }

    /**
     * Each memdev's endpoint port, keyed by the memdev, in the order of the devices' PCI addresses
     * (root port 0's device first): the {@code endpointN} whose {@code uport} link leads to the
     * memdev (drivers/cxl/core/port.c: an endpoint port's upstream device is its memdev). The
     * order is the machine's, not the names': the memdevs' numbers are handed out as the devices
     * probe, which races (on cxl-interleave {@code mem0} was either device from run to run on
     * 6.12.118), so ordering by name would give the region's positions to different devices.
     */
    private Map<String, String> endpointsOfMemdevs(CxlSysfs bus) {
        SortedMap<String, String[]> byAddress = new TreeMap<>();
        for (String endpoint : bus.devices().stream().filter(name -> name.matches("endpoint[0-9]{1,6}")).toList()) {
            for (AgentReply reply : bus.tree(CxlSysfs.DEVICES + "/" + endpoint)) {
                if (reply instanceof AgentReply.Entry link && link.type().equals("link") && link.path().endsWith("/" + endpoint + "/uport")) {
                    String target = link.target().orElse("");
                    String memdev = target.substring(target.lastIndexOf('/') + 1);
                    if (memdev.matches("mem[0-9]{1,6}")) {
                        byAddress.put(target.substring(0, target.lastIndexOf('/')), new String[] {memdev, endpoint});
                    }
                }
            }
        }
        if (byAddress.isEmpty()) {
            throw new org.hmsabi.InfrastructureException(context + ": no endpoint port's uport names a memdev under " + CxlSysfs.DEVICES);
        }
        Map<String, String> byMemdev = new java.util.LinkedHashMap<>();
        byAddress.values().forEach(pair -> byMemdev.put(pair[0], pair[1]));
        return byMemdev;
    }

    /** Performs each step and checks it; false at the first that fails. */
    private boolean steps(CxlSysfs bus, RegionPlan plan, List<RegionStep> steps, List<CheckResult> checks) {
        for (RegionStep step : steps) {
            progress.accept(plan.region() + ": " + step.name() + "...");
            List<String> problems = new ArrayList<>();
            List<String> done = new ArrayList<>();
            for (RegionStep.Write write : step.writes(plan)) {
                Optional<String> refused = bus.write(write.path(), write.value());
                String shown = write.path().replace(CxlSysfs.DEVICES + "/", "") + " <- " + write.value();
                if (refused.isPresent()) {
                    problems.add("writing " + shown + " failed: " + CxlSysfs.bounded(refused.get()));
                    break;
                }
                done.add(shown);
            }
            if (problems.isEmpty()) {
                problems.addAll(unmet(bus, step.expectations(plan)));
            }
            checks.add(result(plan.region() + ": " + step.name(), problems.isEmpty(),
                    problems.isEmpty() ? String.join(", ", done) : String.join("; ", problems)));
            if (!problems.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> unmet(CxlSysfs bus, List<RegionStep.Expect> expectations) {
        List<String> unmet = new ArrayList<>();
        for (RegionStep.Expect expect : expectations) {
            String shown = expect.path().replace(CxlSysfs.DEVICES + "/", "");
            if (expect instanceof RegionStep.Reads reads) {
                Optional<String> value = bus.read(reads.path());
                if (!value.equals(Optional.of(reads.value()))) {
                    unmet.add(shown + " reads " + value.map(CxlSysfs::bounded).orElse("nothing") + ", expected '" + reads.value() + "'");
                }
            } else if (expect instanceof RegionStep.ReadsHex hex) {
                Optional<String> value = bus.read(hex.path());
                if (!value.flatMap(RegionStep::hexValue).equals(Optional.of(hex.value()))) {
                    unmet.add(shown + " reads " + value.map(CxlSysfs::bounded).orElse("nothing") + ", expected " + RegionPlan.hex(hex.value()));
                }
            } else if (expect instanceof RegionStep.Exists exists && bus.exists(exists.path()) != exists.present()) {
                unmet.add(shown + (exists.present() ? " is absent" : " is still there"));
            }
        }
        return unmet;
    }

    /**
     * The region's DAX device: one, of the region's size, on the window's node, bound to kmem. It
     * appears asynchronously after the bind (dax_cxl probes the DAX region, then the device is
     * registered), so it is awaited, bounded by the event timeout.
     */
    private boolean daxDevice(CxlSysfs bus, RegionPlan plan, List<CheckResult> checks) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> devices = daxDevices(bus, plan);
        while (devices.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            devices = daxDevices(bus, plan);
        }
        List<String> problems = new ArrayList<>();
        if (devices.size() != 1) {
            problems.add(devices.size() + " DAX devices under " + plan.region() + " " + devices + ", expected one");
        } else {
            String dax = DAX_DEVICES + "/" + devices.get(0);
            Optional<String> target = bus.read(dax + "/target_node");
            if (!target.equals(Optional.of(String.valueOf(node)))) {
                problems.add(devices.get(0) + "/target_node is " + target.orElse("absent") + ", expected " + node
                        + " (the node Linux gives the window)");
            }
            Optional<String> size = bus.read(dax + "/size");
            if (!size.equals(Optional.of(String.valueOf(plan.sizeBytes())))) {
                problems.add(devices.get(0) + "/size is " + size.orElse("absent") + ", expected " + plan.sizeBytes());
            }
            if (!bus.exists(dax + "/driver/module") || !bus.exists("/sys/bus/dax/drivers/kmem/" + devices.get(0))) {
                problems.add(devices.get(0) + " is not bound to kmem");
            }
        }
        checks.add(result(plan.region() + ": dax device on kmem", problems.isEmpty(), problems.isEmpty()
                ? devices.get(0) + ": target_node " + node + ", size " + plan.sizeBytes() + ", driver kmem" : String.join("; ", problems)));
        return problems.isEmpty();
    }

    /** The DAX devices whose link leads below the region. */
    private static List<String> daxDevices(CxlSysfs bus, RegionPlan plan) {
        List<String> devices = new ArrayList<>();
        for (AgentReply reply : bus.tree(DAX_DEVICES)) {
            if (reply instanceof AgentReply.Entry entry && entry.type().equals("link") && entry.target().orElse("").contains("/" + plan.region() + "/")) {
                String name = entry.path().substring(entry.path().lastIndexOf('/') + 1);
                if (name.matches("dax[0-9]{1,6}\\.[0-9]{1,6}")) {
                    devices.add(name);
                }
            }
        }
        return devices;
    }

    /**
     * The region's access classes (6.9+, drivers/cxl/core/cdat.c): the host bridge's HMAT figures
     * from the generic port, to which the device's CDAT and link add latency and which they may only
     * narrow in bandwidth. So each bandwidth is at most the fixture's figure from the best CPU node
     * to the generic port, and each latency lies between that node's figure and the sum the path can
     * add up to ({@link RegionLatencyBounds}: 6.16 to 7.2 count the link's picoseconds as
     * nanoseconds, docs/cxl.md). Where the kernel also gives the node access classes, they are the
     * region's.
     */
    private void access(CxlSysfs bus, RegionPlan plan, CxlHostBridge bridge, NodeState after, List<CheckResult> checks) {
        if (bridge.genericPortNode().isEmpty()) {
            checks.add(new CheckResult(SUITE, plan.region() + ": access0/access1", kernel.reference(), Status.SKIPPED,
                    Optional.of("the fixture gives the host bridge no generic port, so no HMAT figures to compare with")));
            return;
        }
        int port = bridge.genericPortNode().getAsInt();
        List<HmatEntry> toPort = topology.hmat().stream()
                .filter(entry -> entry.hierarchy() == MemoryHierarchy.MEMORY && entry.target() == port).toList();
        long bestLatency = toPort.stream().mapToLong(entry -> figure(entry, HmatDataType.READ_LATENCY)).min().orElse(0);
        long worstLatency = toPort.stream().mapToLong(entry -> figure(entry, HmatDataType.READ_LATENCY)).max().orElse(0);
        long bestBandwidth = toPort.stream().mapToLong(entry -> figure(entry, HmatDataType.READ_BANDWIDTH)).max().orElse(Long.MAX_VALUE);
        // Each device sits on a root port of the host bridge (CxlArguments.forHostBridge): one link.
        Map<String, RegionLatencyBounds> latencyBounds = Map.of(
                "read_latency", new RegionLatencyBounds(bestLatency, worstLatency, CxlArguments.TYPE3_CDAT_READ_LATENCY_NS, 1),
                "write_latency", new RegionLatencyBounds(bestLatency, worstLatency, CxlArguments.TYPE3_CDAT_WRITE_LATENCY_NS, 1));
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String access : List.of("access0", "access1")) {
            String dir = plan.regionDir() + "/" + access;
            for (String attribute : List.of("read_latency", "write_latency", "read_bandwidth", "write_bandwidth")) {
                Optional<Long> value = bus.read(dir + "/" + attribute).filter(v -> v.matches("[0-9]{1,12}")).map(Long::parseLong);
                if (value.isEmpty()) {
                    problems.add(access + "/" + attribute + " is absent or no number");
                    continue;
                }
                seen.add(access + "/" + attribute + "=" + value.get());
                if (latencyBounds.containsKey(attribute)) {
                    latencyBounds.get(attribute).problem(access + "/" + attribute, value.get()).ifPresent(problems::add);
                } else if (value.get() > bestBandwidth) {
                    problems.add(access + "/" + attribute + " is " + value.get() + ", above the generic port's "
                            + bestBandwidth + " MiB/s from the fixture's HMAT");
                }
                Optional<String> onNode = bus.read("/sys/devices/system/node/node" + node + "/" + access + "/initiators/" + attribute);
                if (onNode.isPresent() && !onNode.get().equals(String.valueOf(value.get()))) {
                    problems.add("node" + node + "/" + access + "/initiators/" + attribute + " is " + CxlSysfs.bounded(onNode.get())
                            + ", the region's is " + value.get());
                }
            }
        }
        checks.add(result(plan.region() + ": access0/access1", problems.isEmpty(), problems.isEmpty()
                ? String.join(" ", seen) + " (generic port: " + bestLatency + " ns, " + bestBandwidth + " MiB/s)" : String.join("; ", problems)));
    }

    private static long figure(HmatEntry entry, HmatDataType type) {
        var values = entry.performance().values();
        return values.getOrDefault(type, values.get(type.isLatency() ? HmatDataType.ACCESS_LATENCY : HmatDataType.ACCESS_BANDWIDTH));
    }

    /** Offlines the region's memory blocks, as user space must before the region can go (kmem cannot remove online memory). */
    private void offline(GuestMemory memory, RegionPlan plan, List<CheckResult> checks) {
        List<String> refused = new ArrayList<>();
        List<GuestMemory.Block> blocks = memory.blocks(node);
        for (GuestMemory.Block block : blocks) {
            memory.online(block, "offline").ifPresent(errno -> refused.add("memory" + block.index() + ": " + errno));
        }
        checks.add(result(plan.region() + ": memory offline", refused.isEmpty(), refused.isEmpty()
                ? blocks.size() + " block(s) of node " + node + " offline" : "offlining refused: " + refused));
    }

    private static List<String> switchDecoders(CxlSysfs bus) {
        return bus.devices().stream().filter(name -> bus.read(CxlSysfs.DEVICES + "/" + name + "/devtype")
                .equals(Optional.of("cxl_decoder_switch"))).toList();
    }

    /**
     * The bus after the region is gone, against before it was made. Allowed, and nothing else: each
     * endpoint decoder keeps {@code mode} ram (mode_store takes ram or pmem, never none back) and
     * the region's interleave ({@code interleave_ways}, {@code interleave_granularity}:
     * drivers/cxl/core/region.c {@code cxl_region_attach} sets them, {@code cxl_region_detach}
     * resets only the host range; seen as ways 1 -> 2 on cxl-interleave, 6.12.118); the root
     * decoder offers the next region id ({@code create_*_region}: ids are not reused while the
     * window lives, drivers/cxl/core/region.c {@code memregion_alloc}); the endpoint decoder's
     * {@code dpa_resource} may keep the start its capacity had; and the host bridge's switch
     * decoders keep the range, interleave and root port list of the last region they decoded
     * ({@code start}, {@code size}, {@code interleave_*}, {@code target_list}, set by
     * {@code cxl_port_setup_targets}): drivers/cxl/core/region.c {@code cxl_port_detach_region}
     * and {@code free_region_ref} drop the decoder's region reference, not its range (seen on
     * 6.12.117 and 7.3.4, and {@code target_list} 0 -> 0,1 on cxl-interleave; sysfs-bus-cxl says
     * a switch decoder's range "dynamically updates based on the active memory regions", so this
     * is reported as allowed, by name).
     */
    private CheckResult busBack(RegionPlan plan, List<String> switches, SortedMap<String, Entry> before, SortedMap<String, Entry> after) {
        Set<String> allowed = new TreeSet<>(Set.of(plan.root() + "/create_ram_region", plan.root() + "/create_pmem_region"));
        for (int position : plan.positions()) {
            for (String attribute : List.of("mode", "dpa_resource", "interleave_ways", "interleave_granularity")) {
                allowed.add(plan.endpoint(position) + "/" + attribute);
            }
        }
        for (String decoder : switches) {
            for (String attribute : List.of("start", "size", "interleave_granularity", "interleave_ways", "target_list")) {
                allowed.add(CxlSysfs.DEVICES + "/" + decoder + "/" + attribute);
            }
        }
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<String> unexpected = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String path : paths) {
            Entry was = before.get(path);
            Entry now = after.get(path);
            if (java.util.Objects.equals(was, now)) {
                continue;
            }
            String shown = path.replace(CxlSysfs.DEVICES + "/", "") + ": " + describe(was) + " -> " + describe(now);
            (allowed.contains(path) ? expected : unexpected).add(shown);
        }
        return result(plan.region() + " deleted: bus as before", unexpected.isEmpty(), unexpected.isEmpty()
                ? "no differences" + (expected.isEmpty() ? "" : " but the allowed " + String.join(", ", expected))
                : unexpected.size() + " difference(s): " + unexpected.stream().limit(6).collect(Collectors.joining("; ")));
    }

    private static String describe(Entry entry) {
        if (entry == null) {
            return "absent";
        }
        if (entry instanceof Entry.File file && file.content() instanceof org.hmsabi.model.Cell.Value value) {
            return CxlSysfs.bounded(value.value().strip());
        }
        return CxlSysfs.bounded(entry.toString());
    }

    /** The node ABI snapshot with the CXL bus's entries added. */
    static Snapshot merged(Snapshot snapshot, SortedMap<String, Entry> bus) {
        SortedMap<String, Entry> sysfs = new TreeMap<>(snapshot.sysfs());
        sysfs.putAll(bus);
        return new Snapshot(snapshot.schema(), snapshot.kernel(), snapshot.topology(), sysfs, snapshot.procfs(), snapshot.syscalls());
    }

    private CheckResult conformance(String name, Snapshot snapshot) {
        ConformanceReport report = new ConformanceChecker(AbiSpec.bundled()).check(snapshot, Optional.of(guestView));
        List<String> cxl = report.undocumented().stream().filter(path -> path.startsWith(CxlSysfs.DEVICES)).toList();
        String undocumented = cxl.isEmpty() ? "" : "; undocumented: " + String.join(", ", cxl.stream().limit(8).toList())
                + (cxl.size() > 8 ? " and " + (cxl.size() - 8) + " more" : "");
        return result(name, report.conforms(), report.conforms() ? report.summary() + undocumented
                : report.violations().stream().limit(6).map(Violation::message).collect(Collectors.joining("; ")));
    }

    private static void add(List<CheckResult> checks, CheckResult check) {
        checks.add(check);
    }

    private static CheckResult rename(CheckResult check) {
        return new CheckResult(SUITE, check.name(), check.kernel(), check.status(), check.message(), check.diff());
    }

    private CheckResult result(String name, boolean passed, String message) {
        return new CheckResult(SUITE, name, kernel.reference(), passed ? Status.PASSED : Status.FAILED, Optional.of(message));
    }
}
