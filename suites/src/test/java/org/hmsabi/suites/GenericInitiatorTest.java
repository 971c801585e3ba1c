package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.conformance.ConformanceChecker;
import org.hmsabi.conformance.ConformanceReport;
import org.hmsabi.conformance.Violation;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.guest.GuestSpecs;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.qemu.ContainerLauncher;
import org.hmsabi.qemu.QemuVersion;
import org.hmsabi.qemu.TestDockerEngine;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.topology.HmatDataType;
import org.hmsabi.topology.HmatEntry;
import org.hmsabi.topology.MemoryHierarchy;
import org.hmsabi.topology.NodeLists;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A GPU-style generic initiator, booted: the newest pinned kernel on gpu-generic-initiator in
 * QEMU 10.0 (the trixie image of the container runner; bookworm's QEMU 7.2 has no
 * acpi-generic-initiator). Every expectation comes from the fixture and from what the kernel's
 * source says it does with it, never from a recorded run:
 *
 * <ul>
 * <li>{@code has_generic_initiator} is not in Documentation/ABI/stable/sysfs-devices-node (the spec
 *     calls it undocumented): drivers/acpi/numa/srat.c {@code acpi_parse_gi_affinity} marks the node
 *     of a Generic Initiator Affinity structure N_GENERIC_INITIATOR, and drivers/base/node.c shows
 *     that node state as {@code has_generic_initiator}, like {@code has_cpu} (N_CPU) and
 *     {@code has_memory} (N_MEMORY), which the ABI document describes ("Nodes that have one or more
 *     CPUs"): the accelerator's node has no CPUs (empty {@code cpulist}) and no memory.</li>
 * <li>drivers/acpi/numa/hmat.c: every proximity domain named as an initiator in an HMAT locality
 *     structure becomes a {@code memory_initiator} ({@code hmat_parse_locality} ->
 *     {@code alloc_memory_initiator}), with {@code has_cpu} only if its node has CPUs. For a target
 *     whose Memory Proximity Domain Attributes carry no attached initiator (the fixture's node 3
 *     has no {@code initiator:}), {@code hmat_update_target_attrs} picks the initiators by
 *     performance: for write latency, read latency, write bandwidth, read bandwidth in turn, it
 *     keeps the candidates with the best value. access0 (ACCESS_COORDINATE_LOCAL) starts from all
 *     initiators, generic ones included; access1 (ACCESS_COORDINATE_CPU) drops those without CPUs.
 *     {@code __hmat_register_target_initiators} then links each chosen initiator under
 *     {@code nodeN/accessK/initiators/} ("symlinks to memory initiator nodes that have class Y
 *     access to this target node's memory", the ABI document) and the best values become that
 *     class's {@code read_latency} etc. A target with an attached initiator (the CPU nodes themselves)
 *     gets that one for access0.</li>
 * </ul>
 */
@Tag("guest")
@Tag("container")
class GenericInitiatorTest {
    private static final String KERNEL = "debian:7.3.4+deb13";
    private static final String TOPOLOGY = "gpu-generic-initiator";
    private static final String NODE = "/sys/devices/system/node";
    /** hmat.c's enum locality_types: the order in which the best initiators are narrowed down. */
    private static final List<HmatDataType> NARROWING = List.of(HmatDataType.WRITE_LATENCY, HmatDataType.READ_LATENCY,
            HmatDataType.WRITE_BANDWIDTH, HmatDataType.READ_BANDWIDTH);

    private static TestDockerEngine engine;
    private static ContainerLauncher launcher;

    @BeforeAll
    static void engineAndTrixieImage() throws Exception {
        engine = TestDockerEngine.up(TestGuests.workspace().root(), "QEMU 10.0 (the trixie image) is not at hand for generic initiators");
        if (engine.available()) {
            launcher = ContainerLauncher.fromRecipe(TestGuests.workspace().root(), "trixie", line -> System.err.println("  " + line));
        }
    }

    @BeforeEach
    void needsAnEngine() {
        engine.assumeAvailable();
    }


    @Test
    void theGuestSeesTheAcceleratorAsAGenericInitiatorAndTheBestInitiatorOfItsMemory() {
        assertThat(launcher.version()).as("the trixie image's QEMU").hasValueSatisfying(
                version -> assertThat(version.atLeast(QemuVersion.of(9, 0))).as(version.line()).isTrue());
        Kernel kernel = TestGuests.kernel(KERNEL);
        Topology topology = TestGuests.topology(TOPOLOGY);
        GuestSpec spec = GuestSpecs.of(kernel, topology, TestGuests.workspace().cacheRoot()).withLauncher(launcher);
        Snapshot snapshot;
        try (Guest guest = Guest.boot(spec)) {
            snapshot = Snapshots.capture(guest, kernel, topology);
        }
        assertThat(topology.genericInitiators()).as("the fixture has a generic initiator").isNotEmpty();
        GenericInitiatorExpectations.check(snapshot, topology, KERNEL + " on " + TOPOLOGY);

        ConformanceReport report = new ConformanceChecker(AbiSpec.bundled()).check(snapshot, Optional.of(topology));
        report.undocumented().forEach(path -> System.out.println("  undocumented on " + report.kernel() + ": " + path));
        assertThat(report.violations()).as(report.summary()).extracting(Violation::message).isEmpty();
    }
}
