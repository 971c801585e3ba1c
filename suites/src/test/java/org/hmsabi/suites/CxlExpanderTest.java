package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hmsabi.check.CheckResult;
import org.hmsabi.cxl.CxlExpanderScenario;
import org.hmsabi.cxl.CxlNodes;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.guest.GuestSpecs;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.qemu.ContainerLauncher;
import org.hmsabi.qemu.QemuVersion;
import org.hmsabi.qemu.TestDockerEngine;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A CXL memory expander, booted: both default kernels on cxl-expander (one device) and
 * cxl-interleave (two devices, the region interleaved 2 ways over both) in QEMU 10.0 (the trixie
 * image of the container runner; bookworm's QEMU 7.2 has no volatile CXL memory). The CXL modules
 * load, the bus shows the fixture's host bridge, root decoder and memdevs, a RAM region is built
 * through sysfs writes alone over every device, handed to DAX and kmem and becomes the node the window gets, which is
 * checked like hot-plugged memory (masks, MemTotal, blocks, tier, distances, MPOL_BIND and
 * move_pages onto it, the ABI diff against an allow-list); then it is taken apart and the node ABI
 * and the bus are as before; then the same region is made, compared and destroyed with ndctl's cxl
 * tool. Every expectation comes from the fixture and the kernel's ABI
 * documents and source (see CxlExpanderScenario, RegionStep, CxlNodes), none from a recorded run.
 */
@Tag("guest")
@Tag("container")
class CxlExpanderTest {
    /** The fixture: cxl-expander, or a vendor's own with {@code -Dhmsabi.cxl.topology=NAME-or-path} (docs/cxl.md). */
    private static final String TOPOLOGY = System.getProperty("hmsabi.cxl.topology", "cxl-expander");
    /**
     * The fixtures the region test builds a region on: one device (cxl-expander) and two devices
     * interleaved (cxl-interleave), or only the vendor's own.
     */
    private static final List<String> REGION_TOPOLOGIES = System.getProperty("hmsabi.cxl.topology") == null
            ? List.of("cxl-expander", "cxl-interleave") : List.of(TOPOLOGY);

    private static TestDockerEngine engine;
    private static ContainerLauncher launcher;

    @BeforeAll
    static void engineAndTrixieImage() throws Exception {
        engine = TestDockerEngine.up(TestGuests.workspace().root(), "QEMU 10.0 (the trixie image) is not at hand for the CXL expander");
        if (engine.available()) {
            launcher = ContainerLauncher.fromRecipe(TestGuests.workspace().root(), "trixie", line -> System.err.println("  " + line));
        }
    }

    @BeforeEach
    void needsAnEngine() {
        engine.assumeAvailable();
    }

    static List<Arguments> kernelsAndFixtures() {
        return REGION_TOPOLOGIES.stream().flatMap(fixture -> TestGuests.defaultKernelReferences().stream()
                .map(reference -> Arguments.of(reference, fixture))).toList();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("kernelsAndFixtures")
    void aRegionBecomesANodeAndGoesAwayAgain(String reference, String fixture) {
        assertThat(launcher.version()).as("the trixie image's QEMU").hasValueSatisfying(
                version -> assertThat(version.atLeast(QemuVersion.of(9, 2))).as(version.line()).isTrue());
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology(fixture);
        GuestSpec spec = GuestSpecs.of(kernel, topology, TestGuests.workspace().cacheRoot()).withLauncher(launcher)
                .withSavedStates(false);
        CxlExpanderScenario.Outcome outcome;
        long started = System.nanoTime();
        try (Guest guest = Guest.boot(spec)) {
            outcome = new CxlExpanderScenario(kernel, topology, CxlExpanderScenario.DEFAULT_TIMEOUT, Waivers.none(),
                    line -> System.err.println("  " + line)).run(guest);
            System.out.println(reference + " on " + fixture + ": boot " + guest.bootTime().toMillis() + " ms, total "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
        outcome.checks().forEach(check -> System.out.println("  " + check.status() + " " + check.name() + ": "
                + check.message().orElse("")));

        assertThat(outcome.checks()).filteredOn(check -> check.status() == CheckResult.Status.FAILED)
                .as("failed checks").extracting(check -> check.name() + ": " + check.message().orElse("")).isEmpty();
        // Every step ran: the region was built, became the window's node, and was taken apart.
        int node = CxlNodes.windowNode(topology);
        assertThat(outcome.checks()).extracting(CheckResult::name).contains("modules loaded", "bus topology",
                "region0: interleave", "region0: targets", "region0: commit", "region0: bind cxl_region", "region0: dax device on kmem", "kmem: memory online",
                "region0 on node " + node + ": node masks", "region0 on node " + node + ": move_pages",
                "region0 on node " + node + ": abi diff before/after", "region0: delete_region",
                "region0 deleted: back to the state before", "region0 deleted: bus as before");
        assertThat(outcome.afterRegion()).as("the snapshot with the region online").isPresent();
        // The region interleaves over every device of the fixture, each at its own position, and is their capacity together.
        int ways = topology.cxl().orElseThrow().deviceBytes().size();
        long size = ways * topology.cxl().orElseThrow().deviceBytes().stream().mapToLong(Long::longValue).min().orElseThrow();
        var sysfs = outcome.afterRegion().orElseThrow().sysfs();
        assertThat(value(sysfs, "region0/interleave_ways")).isEqualTo(String.valueOf(ways));
        assertThat(value(sysfs, "region0/size")).isEqualTo("0x" + Long.toHexString(size));
        for (int position = 0; position < ways; position++) {
            assertThat(value(sysfs, "region0/target" + position)).as("target" + position).matches("decoder[0-9]+\\.0");
        }
        assertThat(java.util.stream.IntStream.range(0, ways).mapToObj(position -> value(sysfs, "region0/target" + position)).distinct())
                .as("one endpoint decoder per position").hasSize(ways);
        // The same region once more through ndctl's cxl tool: made, alike fact by fact, destroyed
        // (skipped, and so failing here, where the guest has no tool).
        assertThat(outcome.checks()).filteredOn(check -> check.name().startsWith("cxl tool: "))
                .extracting(check -> check.name() + " " + check.status())
                .containsExactly("cxl tool: create-region PASSED", "cxl tool: same region and node as through sysfs PASSED",
                        "cxl tool: disable-region, destroy-region PASSED");
    }

    /** A CXL device attribute's value in a snapshot, stripped; empty when it is no plain value. */
    private static String value(java.util.Map<String, Entry> sysfs, String attribute) {
        return sysfs.get("/sys/bus/cxl/devices/" + attribute) instanceof Entry.File file && file.content() instanceof Cell.Value value
                ? value.value().strip() : "";
    }

    /** What a vendor runs (docs/cxl.md): the cxl suite of {@code hmsabi check} on the newest default kernel, with its reports. */
    @Test
    void checkRunsTheCxlSuiteWithItsReports(@TempDir Path results) throws Exception {
        String reference = TestGuests.defaultKernelReferences().get(1);
        CliRun check = CliRun.of("check", "--kernel", reference, "--topology", TOPOLOGY, "--suite", "cxl",
                "--runner", "container", "--container-suite", "trixie", "--results", results.toString());
        assertThat(check.exitCode()).as(check.both()).isZero();
        assertThat(check.stdout()).contains("PASS cxl " + reference + " on " + TOPOLOGY).doesNotContain("syscall seed");
        assertThat(Files.readString(results.resolve("junit/cxl.xml"))).contains("region0: commit", "region0: delete_region");
        assertThat(Files.readString(results.resolve("junit/kernel-log.xml"))).contains(TOPOLOGY + ": cxl region");
        // The check report draws the CXL topology the guest showed with the region online, next to the node picture.
        assertThat(AllureAttachments.named(results, "topology " + TOPOLOGY)).isPresent();
        int node = CxlNodes.windowNode(TestGuests.topology(TOPOLOGY));
        assertThat(AllureAttachments.named(results, "cxl topology " + TOPOLOGY)).hasValueSatisfying(svg ->
                assertThat(svg).startsWith("<svg").contains(">region0<", "host bridge pci", "root port", ">node" + node + "<"));
    }

    /**
     * What a CXL device vendor runs (docs/cxl.md): validate-driver without a module on the expander,
     * the region's node held to an expect file. The shipped one (every value from the fixture) passes;
     * one that promises another size and node fails, naming each attribute.
     */
    @Test
    void validateDriverHoldsTheRegionsNodeToAnExpectFile(@TempDir Path results) throws Exception {
        String reference = TestGuests.defaultKernelReferences().get(1);
        Path shipped = TestGuests.workspace().root().resolve("fixtures/expect/cxl-expander.yaml");
        CliRun passing = CliRun.of("validate-driver", "--kernel", reference, "--topology", "cxl-expander", "--expect", shipped.toString(),
                "--runner", "container", "--container-suite", "trixie", "--results", results.resolve("passing").toString());
        assertThat(passing.exitCode()).as(passing.both()).isZero();
        int node = CxlNodes.windowNode(TestGuests.topology("cxl-expander"));
        assertThat(passing.stdout()).contains("validate-driver: PASS", "PASSED  region0: commit", "PASSED  new memory node: node" + node
                + " +256M", "PASSED  expect " + shipped);

        Path wrong = results.resolve("wrong.yaml");
        Files.writeString(wrong, "node_count: 1\nnodes:\n  - {node: " + node + ", size: 512M, tier: 1}\n");
        CliRun failing = CliRun.of("validate-driver", "--kernel", reference, "--topology", "cxl-expander", "--expect", wrong.toString(),
                "--runner", "container", "--container-suite", "trixie", "--results", results.resolve("failing").toString());
        assertThat(failing.exitCode()).as(failing.both()).isEqualTo(1);
        assertThat(failing.stdout()).contains("validate-driver: FAIL", "FAILED  expect node" + node + " size",
                "FAILED  expect node" + node + " tier");
    }
}
