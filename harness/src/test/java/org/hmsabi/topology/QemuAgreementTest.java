package org.hmsabi.topology;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Shows against the real qemu-system-x86_64 that the validator mirrors QEMU: every shipped
 * fixture is accepted, and fixtures the validator rejects for a QEMU rule are rejected by QEMU
 * for the same reason. Rules where hmsabi is deliberately stricter are pinned down too, so a
 * QEMU upgrade that changes them shows up here. Tagged "qemu": needs the binary, no kernel.
 */
@Tag("qemu")
class QemuAgreementTest {

    static final List<String> FIXTURES = ShippedFixtures.NAMES;

    /** A machine the validator rejects, the validator's words for it, and QEMU's. */
    record Disagreeable(String rule, String yaml, String validatorSays, String qemuSays) {
        @Override
        public String toString() {
            return rule;
        }
    }

    private static final String TWO_SOCKETS = """
            nodes:
              - {id: 0, cpus: 1, memory: 256M}
              - {id: 1, cpus: 1, memory: 256M}
            """;
    private static final String WITH_HBM = TWO_SOCKETS + """
              - {id: 2, memory: 128M, initiator: 0}
            hmat:
              - {initiator: 0-1, target: 0-2, latency: 100ns, bandwidth: 10GiB/s}
            """;
    private static final String L1 = "{node: 2, level: 1, size: 16M, associativity: direct, policy: write-back, line: 64}";

    static final List<Disagreeable> QEMU_RULES = List.of(
            new Disagreeable("initiator without CPUs", TWO_SOCKETS + """
                      - {id: 2, memory: 128M, initiator: 3}
                      - {id: 3, memory: 128M, initiator: 0}
                    """, "node 2 names initiator 3, which has no CPUs", "The initiator of NUMA node 2 is invalid"),
            new Disagreeable("initiator of a CPU node", """
                    nodes:
                      - {id: 0, cpus: 1, memory: 256M, initiator: 1}
                      - {id: 1, cpus: 1, memory: 256M}
                    """, "node 0 has CPUs, so it is its own initiator", "should be itself"),
            new Disagreeable("remote distance below 10", TWO_SOCKETS + """
                    distances:
                      pairs: [{from: 0, to: 1, distance: 9}]
                    """, "remote distances must be 11 to 255", "shouldn't be less than 10"),
            new Disagreeable("distance above 255", TWO_SOCKETS + """
                    distances:
                      pairs: [{from: 0, to: 1, distance: 300}]
                    """, "QEMU takes distances up to 255", "expects uint8_t"),
            new Disagreeable("gap in node ids", """
                    nodes:
                      - {id: 0, cpus: 1, memory: 256M}
                      - {id: 2, cpus: 1, memory: 256M}
                    """, "node ids skip node 1", "Node ID missing: 1"),
            new Disagreeable("more than 128 nodes", """
                    nodes:
                      - {id: 0, cpus: 1, memory: 256M}
                      - {id: 1-128, memory: 2M, initiator: 0}
                    """, "declares 129 nodes but QEMU supports at most 128", "Max number of NUMA nodes reached"),
            new Disagreeable("more than 288 vCPUs", """
                    nodes:
                      - {id: 0, cpus: 289, memory: 256M}
                    """, "QEMU's q35 machine takes at most 288", "Invalid SMP CPUs 289"),
            new Disagreeable("hmat initiator without CPUs", WITH_HBM
                    + "  - {initiator: 2, target: 0, latency: 100ns, bandwidth: 10GiB/s}\n",
                    "node 2 has no CPUs and cannot be an initiator", "isn't an initiator proximity domain"),
            new Disagreeable("hmat pair twice", WITH_HBM
                    + "  - {initiator: 1, target: 2, latency: 100ns, bandwidth: 10GiB/s}\n",
                    "is given more than once", "Duplicate configuration of the latency"),
            new Disagreeable("hmat latencies too far apart", TWO_SOCKETS + """
                    hmat:
                      - {initiator: 0-1, target: 0, latency: 1ns, bandwidth: 10GiB/s}
                      - {initiator: 0-1, target: 1, latency: 70us, bandwidth: 10GiB/s}
                    """, "access-latency structure of hierarchy memory cannot be encoded",
                    "should not differ from previously entered"),
            new Disagreeable("hmat bandwidths too far apart", TWO_SOCKETS + """
                    hmat:
                      - {initiator: 0-1, target: 0, latency: 10ns, bandwidth: 1MiB/s}
                      - {initiator: 0-1, target: 1, latency: 10ns, bandwidth: 128GiB/s}
                    """, "access-bandwidth structure of hierarchy memory cannot be encoded",
                    "should not differ from previously entered"),
            new Disagreeable("cache level 2 without level 1", WITH_HBM + "caches:\n  - "
                    + L1.replace("level: 1", "level: 2") + "\n", "has no level 1 below it", "Cache level=1 shall be defined first"),
            new Disagreeable("cache level 2 smaller than level 1", WITH_HBM + "caches:\n  - " + L1 + "\n  - "
                    + L1.replace("level: 1", "level: 2").replace("16M", "8M") + "\n",
                    "is not larger than level 1", "should be larger than the size"),
            new Disagreeable("cache level 4", WITH_HBM + "caches:\n  - " + L1.replace("level: 1", "level: 4") + "\n",
                    "HMAT describes cache levels 1, 2 and 3 only", "Invalid level=4"),
            new Disagreeable("cache line above 65535", WITH_HBM + "caches:\n  - "
                    + L1.replace("line: 64", "line: 65536") + "\n", "give 'line:' in bytes from 1 to 65535",
                    "expects uint16_t"),
            new Disagreeable("cache without hmat figures", TWO_SOCKETS
                    + "  - {id: 2, memory: 128M, initiator: 0}\ncaches:\n  - " + L1 + "\n",
                    "needs HMAT latency and bandwidth for node 2", "should be provided before memory side cache"),
            new Disagreeable("maxmem below the boot memory", TWO_SOCKETS + "hotplug:\n  slots: 1\n  maxmem: 256M\n",
                    "is not above the boot memory", "must be at least the initial memory size"),
            new Disagreeable("too many slots", TWO_SOCKETS + "hotplug:\n  slots: 257\n  maxmem: 2G\n",
                    "QEMU takes 0 to 256 DIMM slots", "unsupported amount of memory slots"),
            new Disagreeable("more dimms than slots", TWO_SOCKETS + """
                    hotplug:
                      slots: 1
                      maxmem: 2G
                      devices:
                        - {type: dimm, node: 0, size: 128M}
                        - {type: dimm, node: 1, size: 128M}
                    """, "declares 2 dimm(s) but 1 slot(s)", "no free slots available"),
            new Disagreeable("devices beyond maxmem", TWO_SOCKETS + """
                    hotplug:
                      maxmem: 1G
                      devices:
                        - {type: virtio-mem, node: 0, size: 1G}
                    """, "hotplug devices add 1G but maxmem leaves 512M", "not enough space"),
            new Disagreeable("device size not a multiple of 2M", TWO_SOCKETS + """
                    hotplug:
                      maxmem: 1G
                      devices:
                        - {type: virtio-mem, node: 0, size: 3M}
                    """, "give a positive multiple of 2M", "backend memory size must be multiple of 0x200000"),
            new Disagreeable("device for an unknown node", TWO_SOCKETS + """
                    hotplug:
                      maxmem: 1G
                      devices:
                        - {type: virtio-mem, node: 5, size: 128M}
                    """, "node 5 is not a node of this topology", "number of numa nodes"),
            new Disagreeable("device memory not a power of two", TWO_SOCKETS + """
                    hotplug:
                      maxmem: 1G
                      devices:
                        - {type: device-memory, node: 1, size: 384M}
                    """, "a PCI BAR is a power of two in size", "is_power_of_2(size)"));

    /** Rules where hmsabi refuses what QEMU 7.2 takes, each for a reason given in the README. */
    static final List<Disagreeable> STRICTER_THAN_QEMU = List.of(
            new Disagreeable("CPU-less node without initiator", TWO_SOCKETS + "  - {id: 2, memory: 128M}\n",
                    "node 2 has no CPUs and no initiator", ""),
            new Disagreeable("incomplete hmat", TWO_SOCKETS + """
                    hmat:
                      - {initiator: 0, target: 0, latency: 100ns, bandwidth: 10GiB/s}
                    """, "hmat has no entry for initiator 0 -> target 1", ""),
            new Disagreeable("remote distance 10, which Linux ignores the SLIT for", TWO_SOCKETS + """
                    distances:
                      pairs: [{from: 0, to: 1, distance: 10}]
                    """, "remote distances must be 11 to 255", ""),
            new Disagreeable("cache of size 0", WITH_HBM + "caches:\n  - " + L1.replace("16M", "0") + "\n",
                    "has no size", ""),
            new Disagreeable("dimm smaller than a Linux memory block", TWO_SOCKETS + """
                    hotplug:
                      slots: 1
                      maxmem: 1G
                      devices:
                        - {type: dimm, node: 0, size: 64M}
                    """, "make it a multiple of 128M", ""),
            new Disagreeable("memory-less hot-plug target before the last node", TWO_SOCKETS + """
                      - {id: 2, initiator: 0}
                      - {id: 3, memory: 128M, initiator: 0}
                    hotplug:
                      slots: 1
                      maxmem: 2G
                      devices:
                        - {type: dimm, node: 2, size: 256M}
                    """, "is not the last node", ""),
            new Disagreeable("device memory smaller than a Linux memory block", TWO_SOCKETS + """
                    hotplug:
                      maxmem: 1G
                      devices:
                        - {type: device-memory, node: 1, size: 64M}
                    """, "a driver adds memory in whole 128M memory blocks", ""));

    @BeforeAll
    static void needsQemu() {
        assumeTrue(QemuVerdict.qemuInstalled(), "qemu-system-x86_64 is not on PATH");
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void qemuAcceptsEveryShippedFixtureWithItsHotPlugDevices(String name) throws Exception {
        Topology topology = ShippedFixtures.load(name);
        // A fixture whose features this QEMU lacks is refused by the harness before QEMU runs
        // (QemuRequirements); the trixie container's QEMU judges those (the test below).
        org.junit.jupiter.api.Assumptions.assumeTrue(org.hmsabi.qemu.QemuRequirements.bootsOn(topology, org.hmsabi.qemu.QemuLauncher.host()),
                () -> name + " needs a newer QEMU than the host's");

        QemuVerdict.Verdict verdict = QemuVerdict.of(topology, QemuVerdict.coldPlugged(topology));

        assertThat(verdict.accepted()).as("QEMU said: %s", verdict.stderr()).isTrue();
    }

    private static org.hmsabi.qemu.ContainerLauncher trixie;

    /**
     * The shipped fixtures the host's QEMU cannot run (generic initiators, CXL), asked of the QEMU
     * 10.0 of the container runner's trixie image instead: it must accept each, hot-plug devices
     * cold-plugged, as the host's QEMU accepts the others. Needs the Docker engine (ci/docker-up)
     * and builds the image on first use, hence tagged guest and container.
     */
    @ParameterizedTest
    @FieldSource("FIXTURES")
    @org.junit.jupiter.api.Tag("guest")
    @org.junit.jupiter.api.Tag("container")
    void theTrixieQemuAcceptsTheFixturesTheHostsCannotRun(String name) {
        Topology topology = ShippedFixtures.load(name);
        org.junit.jupiter.api.Assumptions.assumeFalse(org.hmsabi.qemu.QemuRequirements.bootsOn(topology, org.hmsabi.qemu.QemuLauncher.host()),
                () -> name + " runs on the host's QEMU: qemuAcceptsEveryShippedFixtureWithItsHotPlugDevices judges it");
        if (trixie == null) {
            java.nio.file.Path repository = org.hmsabi.Workspace.locate(java.util.Optional.empty()).root();
            java.util.Optional<String> noEngine = org.hmsabi.qemu.TestDockerEngine.up(repository);
            org.junit.jupiter.api.Assumptions.assumeTrue(noEngine.isEmpty(),
                    () -> "no Docker engine here, so the trixie QEMU's verdict is not asked: " + noEngine.orElse(""));
            try {
                trixie = org.hmsabi.qemu.ContainerLauncher.fromRecipe(repository,
                        "trixie", line -> System.err.println("  " + line));
                trixie.query(List.of("--version"));
            } catch (org.hmsabi.HmsabiException unavailable) {
                org.junit.jupiter.api.Assumptions.abort("the container runner is not at hand (ci/docker-up): "
                        + org.hmsabi.Messages.firstLine(unavailable.getMessage()));
            }
        }
        assertThat(org.hmsabi.qemu.QemuRequirements.bootsOn(topology, trixie)).as("the trixie image's QEMU has %s's features", name).isTrue();

        QemuVerdict.Verdict verdict = QemuVerdict.of(trixie, topology, QemuVerdict.coldPlugged(topology));

        assertThat(verdict.accepted()).as("QEMU 10.0 said: %s", verdict.stderr()).isTrue();
    }

    /** The container's verdict can say no: a machine QEMU refuses (the first of QEMU_RULES) is refused with QEMU's words. */
    @Test
    @org.junit.jupiter.api.Tag("guest")
    @org.junit.jupiter.api.Tag("container")
    void theTrixieVerdictNamesWhatQemuRefuses() {
        theTrixieQemuAcceptsTheFixturesTheHostsCannotRun("gpu-generic-initiator"); // starts the launcher (or aborts)
        Disagreeable machine = QEMU_RULES.get(0);

        QemuVerdict.Verdict verdict = QemuVerdict.of(trixie, FixtureText.assemble(machine.yaml()), List.of());

        assertThat(verdict.accepted()).as(machine.toString()).isFalse();
        assertThat(verdict.stderr()).contains(machine.qemuSays());
    }

    /**
     * A guest is restored from a saved state (QEMU's migration stream) instead of booted only when
     * nothing on its machine blocks migration; device-memory's ivshmem-plain did, until it became
     * the migrating side ({@code master=on}).
     */
    @ParameterizedTest
    @FieldSource("FIXTURES")
    void everyShippedFixtureCanBeSaved(String name) throws Exception {
        Topology topology = ShippedFixtures.load(name);
        org.junit.jupiter.api.Assumptions.assumeTrue(org.hmsabi.qemu.QemuRequirements.bootsOn(topology, org.hmsabi.qemu.QemuLauncher.host()),
                () -> name + " needs a newer QEMU than the host's");

        assertThat(QemuVerdict.migrationBlockers(topology)).isEmpty();
    }

    @Test
    void qemuAcceptsTheLargestTopologyTheValidatorAllows() throws Exception {
        Topology topology = FixtureText.parse("""
                nodes:
                  - {id: 0, cpus: 1, memory: 256M}
                  - {id: 1-127, memory: 2M, initiator: 0}
                """);

        QemuVerdict.Verdict verdict = QemuVerdict.of(topology, List.of());

        assertThat(verdict.accepted()).as("QEMU said: %s", verdict.stderr()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("QEMU_RULES")
    void whatTheValidatorRejectsQemuRejectsToo(Disagreeable machine) throws Exception {
        Topology topology = FixtureText.assemble(machine.yaml());

        QemuVerdict.Verdict verdict = QemuVerdict.of(topology, QemuVerdict.coldPlugged(topology));

        assertThat(TopologyValidator.problems(topology)).anySatisfy(problem ->
                assertThat(problem).contains(machine.validatorSays()));
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.stderr()).contains(machine.qemuSays());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("STRICTER_THAN_QEMU")
    void whereHmsabiIsStricterQemuStillAccepts(Disagreeable machine) throws Exception {
        Topology topology = FixtureText.assemble(machine.yaml());

        QemuVerdict.Verdict verdict = QemuVerdict.of(topology, QemuVerdict.coldPlugged(topology));

        assertThat(TopologyValidator.problems(topology)).anySatisfy(problem ->
                assertThat(problem).contains(machine.validatorSays()));
        assertThat(verdict.accepted()).as("QEMU said: %s", verdict.stderr()).isTrue();
    }
}
