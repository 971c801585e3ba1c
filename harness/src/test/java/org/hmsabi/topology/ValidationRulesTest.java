package org.hmsabi.topology;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hmsabi.topology.FixtureText.HMAT;
import static org.hmsabi.topology.FixtureText.NODES;
import static org.hmsabi.topology.FixtureText.SOURCE;
import static org.hmsabi.topology.FixtureText.parse;
import static org.hmsabi.topology.FixtureText.rejection;

/**
 * One test per rule about the machine: each asserts the one-line message names the file, the
 * node or entry, and the fix.
 */
class ValidationRulesTest {

    @Test
    void theBaseFixtureOfTheseTestsIsValid() {
        assertThat(parse(NODES + HMAT).nodes()).hasSize(4);
    }

    @Test
    void onlyTheFirstProblemIsReportedAndTheRestCounted() {
        String message = rejection("""
                nodes:
                  - {id: 0, cpus: 1, memory: 512M}
                  - {id: 1, memory: 128M}
                  - {id: 2, memory: 128M}
                """);

        assertThat(message).isEqualTo(SOURCE + ": node 1 has no CPUs and no initiator; add 'initiator: <cpu node id>'"
                + " (nodes with CPUs: 0) (and 1 more problem)");
    }

    @Nested
    class Nodes {

        @Test
        void cpuLessNodeNeedsAnInitiator() {
            assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  - {id: 1, memory: 128M}\n"))
                    .isEqualTo(SOURCE + ": node 1 has no CPUs and no initiator; add 'initiator: <cpu node id>'"
                            + " (nodes with CPUs: 0)");
        }

        @Test
        void initiatorMustBeANode() {
            assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  - {id: 1, memory: 128M, initiator: 5}\n"))
                    .isEqualTo(SOURCE + ": node 1 names initiator 5, which is not a node of this topology; set"
                            + " 'initiator:' to a node with CPUs (nodes with CPUs: 0)");
        }

        @Test
        void initiatorMustHaveCpus() {
            String message = rejection("""
                    nodes:
                      - {id: 0, cpus: 1, memory: 512M}
                      - {id: 1, memory: 128M, initiator: 2}
                      - {id: 2, memory: 128M, initiator: 0}
                    """);

            assertThat(message).isEqualTo(SOURCE + ": node 1 names initiator 2, which has no CPUs; set 'initiator:'"
                    + " to a node with CPUs (nodes with CPUs: 0)");
        }

        @Test
        void cpuNodeIsItsOwnInitiator() {
            assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  - {id: 1, cpus: 1, memory: 512M, initiator: 0}\n"))
                    .isEqualTo(SOURCE + ": node 1 has CPUs, so it is its own initiator; remove 'initiator: 0'");
        }

        @Test
        void idsMustNotRepeat() {
            assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  - {id: 0, cpus: 1, memory: 512M}\n"))
                    .isEqualTo(SOURCE + ": node 0 is declared twice; give each node its own id");
        }

        @Test
        void idsMustNotHaveGaps() {
            assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  - {id: 3, cpus: 1, memory: 512M}\n"))
                    .isEqualTo(SOURCE + ": node ids skip nodes 1-2 (QEMU rejects gaps); number the nodes 0..1 without"
                            + " gaps");
        }

        @Test
        void atMost128Nodes() {
            assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  - {id: 1-128, memory: 2M, initiator: 0}\n"))
                    .startsWith(SOURCE + ": declares 129 nodes but QEMU supports at most 128; remove 1 nodes");
        }

        @Test
        void exactly128NodesAreFine() {
            assertThat(parse("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  - {id: 1-127, memory: 2M, initiator: 0}\n")
                    .nodes()).hasSize(128);
        }

        @Test
        void noNodesAtAll() {
            assertThat(rejection("nodes: []\n"))
                    .isEqualTo(SOURCE + ": declares no nodes; add at least one node with 'cpus:' and 'memory:'");
        }

        @Test
        void memoryMustBeAMultipleOf2M() {
            assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 513M}\n"))
                    .isEqualTo(SOURCE + ": node 0 has memory 513M, not a multiple of 2M; round 'memory:' to a multiple"
                            + " of 2M");
        }

        @Test
        void nodeNeedsCpusOrMemory() {
            assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  - {id: 1}\n"))
                    .startsWith(SOURCE + ": node 1 has neither CPUs nor memory; give it 'cpus:' or 'memory:', or"
                            + " remove it");
        }

        @Test
        void someNodeNeedsCpus() {
            Topology topology = FixtureText.assemble("nodes:\n  - {id: 0, memory: 512M, initiator: 0}\n");

            assertThat(TopologyValidator.problems(topology)).containsExactly(
                    "node 0 names initiator 0, which has no CPUs; set 'initiator:' to a node with CPUs",
                    "has no node with CPUs; give at least one node 'cpus:'");
        }

        @Test
        void cpuNodesHaveEqualCpuCounts() {
            assertThat(rejection("nodes:\n  - {id: 0, cpus: 2, memory: 512M}\n  - {id: 1, cpus: 1, memory: 512M}\n"))
                    .isEqualTo(SOURCE + ": node 1 has 1 cpus but node 0 has 2; give every CPU node the same 'cpus:'"
                            + " (each is one QEMU socket)");
        }

        @Test
        void atMost288Cpus() {
            assertThat(rejection("nodes:\n  - {id: 0-1, cpus: 150, memory: 512M}\n"))
                    .isEqualTo(SOURCE + ": has 300 vCPUs but QEMU's q35 machine takes at most 288; lower the nodes'"
                            + " 'cpus:'");
        }
    }

    @Nested
    class Distances {

        private String matrix(String... rows) {
            return NODES + "distances:\n" + (rows[0].startsWith("asym") ? "  asymmetric: true\n" : "")
                    + "  matrix:\n" + java.util.Arrays.stream(rows).filter(row -> !row.startsWith("asym"))
                    .map(row -> "    - [" + row + "]\n").collect(Collectors.joining());
        }

        @Test
        void localDistanceIs10() {
            assertThat(rejection(matrix("10, 21, 13, 23", "21, 10, 23, 13", "13, 23, 12, 23", "23, 13, 23, 10")))
                    .isEqualTo(SOURCE + ": distance from node 2 to itself is 12; local distances are always 10, set it"
                            + " to 10");
        }

        @Test
        void remoteDistanceAbove10() {
            assertThat(rejection(NODES + "distances:\n  pairs:\n    - {from: 0, to: 1, distance: 10}\n"))
                    .isEqualTo(SOURCE + ": distance from node 0 to node 1 is 10; remote distances must be 11 to 255"
                            + " (Linux ignores a SLIT with a remote distance of 10 or less), raise it (and 1 more problem)");
        }

        @Test
        void remoteDistanceAtMost255() {
            assertThat(rejection(NODES + "distances:\n  pairs:\n    - {from: 0, to: 3, distance: 256}\n"))
                    .startsWith(SOURCE + ": distance from node 0 to node 3 is 256; QEMU takes distances up to 255,"
                            + " lower it");
        }

        @Test
        void asymmetricTableNeedsTheDeclaration() {
            assertThat(rejection(matrix("10, 21, 13, 23", "22, 10, 23, 13", "13, 23, 10, 23", "23, 13, 23, 10")))
                    .isEqualTo(SOURCE + ": distance from node 0 to node 1 is 21 but from node 1 to node 0 is 22; make"
                            + " them equal or declare 'asymmetric: true' under distances");
        }

        @Test
        void declaredAsymmetricTableIsAccepted() {
            Topology topology = parse(matrix("asym", "10, 21, 13, 23", "22, 10, 23, 13", "13, 23, 10, 23",
                    "23, 13, 23, 10"));

            assertThat(topology.distance(0, 1)).isEqualTo(21);
            assertThat(topology.distance(1, 0)).isEqualTo(22);
        }

        @Test
        void unlistedPairsGetTheDefault() {
            Topology topology = parse(NODES + "distances:\n  pairs:\n    - {from: 0, to: 1, distance: 21}\n");

            assertThat(topology.distance(2, 3)).isEqualTo(20);
            assertThat(topology.distance(1, 0)).isEqualTo(21);
        }
    }

    @Nested
    class Hmat {

        @Test
        void everyInitiatorTargetPairNeedsAnEntry() {
            assertThat(rejection(NODES + "hmat:\n  - {initiator: 0-1, target: 0-2, latency: 100ns, bandwidth: 10GiB/s}\n"))
                    .isEqualTo(SOURCE + ": hmat has no entry for initiator 0 -> target 3; add {initiator: 0, target: 3,"
                            + " latency: <n>ns, bandwidth: <n>GiB/s} (with HMAT in use every initiator/target pair"
                            + " needs one) (and 1 more problem)");
        }

        @Test
        void entriesNameExistingNodes() {
            assertThat(rejection(NODES + HMAT + "  - {initiator: 0, target: 9, latency: 100ns, bandwidth: 10GiB/s}\n"))
                    .startsWith(SOURCE + ": hmat entry initiator 0 -> target 9 names node 9, which is not a node of"
                            + " this topology; fix the entry or declare the node");
        }

        @Test
        void initiatorNeedsCpus() {
            assertThat(rejection(NODES + HMAT + "  - {initiator: 2, target: 0, latency: 100ns, bandwidth: 10GiB/s}\n"))
                    .startsWith(SOURCE + ": hmat entry initiator 2 -> target 0: node 2 has no CPUs and cannot be an"
                            + " initiator; use a node with CPUs (nodes with CPUs: 0, 1)");
        }

        @Test
        void targetNeedsMemory() {
            String message = rejection("""
                    nodes:
                      - {id: 0, cpus: 1, memory: 512M}
                      - {id: 1, cpus: 1}
                    hmat:
                      - {initiator: 0-1, target: 0-1, latency: 100ns, bandwidth: 10GiB/s}
                    """);

            assertThat(message).startsWith(SOURCE + ": hmat entry initiator 0 -> target 1: node 1 has no memory;"
                    + " remove the entry or give node 1 memory");
        }

        @Test
        void eachPairOnce() {
            assertThat(rejection(NODES + HMAT + "  - {initiator: 1, target: 3, latency: 120ns, bandwidth: 10GiB/s}\n"))
                    .isEqualTo(SOURCE + ": hmat entry initiator 1 -> target 3 is given more than once; keep one");
        }

        @Test
        void valuesArePositive() {
            assertThat(rejection(NODES + "hmat:\n  - {initiator: 0-1, target: 0-3, latency: 0ns, bandwidth: 10GiB/s}\n"))
                    .startsWith(SOURCE + ": hmat entry initiator 0 -> target 0 has access-latency 0ns; give a positive"
                            + " value");
        }

        @Test
        void oneFormPerHierarchy() {
            String message = rejection(NODES + HMAT.replace("target: 0-3", "target: 0-2") + """
                      - initiator: 0-1
                        target: 3
                        read: {latency: 100ns, bandwidth: 10GiB/s}
                        write: {latency: 100ns, bandwidth: 10GiB/s}
                    """);

            assertThat(message).isEqualTo(SOURCE + ": hmat entry initiator 0 -> target 3 uses 'read/write' but hmat"
                    + " entry initiator 0 -> target 0 uses 'latency/bandwidth'; use one form for all entries of"
                    + " hierarchy memory so that every HMAT structure covers every pair");
        }

        @Test
        void latenciesMustFitHmatsSixteenBitEntries() {
            String message = rejection(NODES + """
                    hmat:
                      - {initiator: 0-1, target: 0-2, latency: 1ns, bandwidth: 10GiB/s}
                      - {initiator: 0-1, target: 3, latency: 70us, bandwidth: 10GiB/s}
                    """);

            assertThat(message).startsWith(SOURCE + ": the HMAT access-latency structure of hierarchy memory cannot be"
                    + " encoded: hmat entry initiator 0 -> target 3 has 70000ns, 70000 times the unit of 1ns that hmat"
                    + " entry initiator 0 -> target 0 (1ns) imposes");
        }

        @Test
        void roundLatenciesShareACoarserUnit() {
            assertThat(parse(NODES + """
                    hmat:
                      - {initiator: 0-1, target: 0-2, latency: 10ns, bandwidth: 10GiB/s}
                      - {initiator: 0-1, target: 3, latency: 655340ns, bandwidth: 10GiB/s}
                    """).hmat()).hasSize(8);
        }

        @Test
        void bandwidthsMustFitHmatsSixteenBitEntries() {
            String message = rejection(NODES + """
                    hmat:
                      - {initiator: 0-1, target: 0-2, latency: 10ns, bandwidth: 1MiB/s}
                      - {initiator: 0-1, target: 3, latency: 10ns, bandwidth: 64GiB/s}
                    """);

            assertThat(message).startsWith(SOURCE + ": the HMAT access-bandwidth structure of hierarchy memory cannot"
                    + " be encoded: hmat entry initiator 0 -> target 3 has 65536MiB/s and hmat entry initiator 0 ->"
                    + " target 0 has 1MiB/s, too far apart");
        }

        @Test
        void cacheHierarchiesAreCheckedOnTheirOwn() {
            String message = rejection(NODES + HMAT
                    + "  - {initiator: 0, target: 2, hierarchy: first-level, latency: 10ns, bandwidth: 10GiB/s}\n");

            assertThat(message).startsWith(SOURCE + ": hmat has no entry for initiator 0 -> target 0 (hierarchy"
                    + " first-level); add {initiator: 0, target: 0, hierarchy: first-level,");
        }
    }

    @Nested
    class Caches {

        private String withCaches(String... caches) {
            return NODES + HMAT + "caches:\n" + IntStream.range(0, caches.length)
                    .mapToObj(i -> "  - {" + caches[i] + "}\n").collect(Collectors.joining());
        }

        private static final String L1 = "node: 2, level: 1, size: 16M, associativity: direct, policy: write-back, line: 64";

        @Test
        void aValidTwoLevelCache() {
            Topology topology = parse(withCaches(L1, L1.replace("level: 1", "level: 2").replace("16M", "64M")));

            assertThat(topology.caches()).hasSize(2);
        }

        @Test
        void levelIs1To3() {
            assertThat(rejection(withCaches(L1.replace("level: 1", "level: 4"))))
                    .isEqualTo(SOURCE + ": cache level 4 of node 2: HMAT describes cache levels 1, 2 and 3 only; set"
                            + " 'level:' to one of them");
        }

        @Test
        void levelBelowMustExist() {
            assertThat(rejection(withCaches(L1.replace("level: 1", "level: 2"))))
                    .isEqualTo(SOURCE + ": cache level 2 of node 2 has no level 1 below it; declare level 1 of node 2 too");
        }

        @Test
        void eachLevelLargerThanTheOneBelow() {
            assertThat(rejection(withCaches(L1, L1.replace("level: 1", "level: 2").replace("16M", "8M"))))
                    .isEqualTo(SOURCE + ": cache level 2 of node 2 (8M) is not larger than level 1 (16M); each cache"
                            + " level must be larger than the level before it");
        }

        @Test
        void eachLevelOnce() {
            assertThat(rejection(withCaches(L1, L1)))
                    .isEqualTo(SOURCE + ": cache level 1 of node 2 is declared twice; keep one");
        }

        @Test
        void lineSizeFrom1To65535() {
            assertThat(rejection(withCaches(L1.replace("line: 64", "line: 0"))))
                    .isEqualTo(SOURCE + ": cache level 1 of node 2 has line size 0; give 'line:' in bytes from 1 to"
                            + " 65535, e.g. 64");
        }

        @Test
        void sizeIsPositive() {
            assertThat(rejection(withCaches(L1.replace("16M", "0"))))
                    .isEqualTo(SOURCE + ": cache level 1 of node 2 has no size; give 'size:', e.g. 16M");
        }

        @Test
        void nodeMustExist() {
            assertThat(rejection(withCaches(L1.replace("node: 2", "node: 7"))))
                    .isEqualTo(SOURCE + ": cache level 1 of node 7: node 7 is not a node of this topology; fix 'node:'"
                            + " or declare the node");
        }

        @Test
        void nodeNeedsHmatFigures() {
            assertThat(rejection(NODES + "caches:\n  - {" + L1 + "}\n"))
                    .isEqualTo(SOURCE + ": cache level 1 of node 2 needs HMAT latency and bandwidth for node 2; add"
                            + " hmat entries with 'target: 2'");
        }

        @Test
        void nodeNeedsMemory() {
            assertThat(rejection("nodes:\n  - {id: 0, cpus: 1, memory: 512M}\n  - {id: 1, cpus: 1}\ncaches:\n  - {"
                    + L1.replace("node: 2", "node: 1") + "}\n"))
                    .isEqualTo(SOURCE + ": cache level 1 of node 1: node 1 has no memory to cache; remove the cache or"
                            + " give the node memory");
        }
    }

    @Nested
    class HotPlug {

        private String withHotPlug(String section) {
            return NODES + HMAT + "hotplug:\n" + section;
        }

        @Test
        void aValidHotPlugSection() {
            MemoryHotPlug hotPlug = parse(withHotPlug("""
                      slots: 2
                      maxmem: 2G
                      devices:
                        - {type: dimm, node: 2, size: 256M}
                        - {type: virtio-mem, node: 3, size: 512M}
                    """)).hotPlug().orElseThrow();

            assertThat(hotPlug.devices()).containsExactly(new HotPlugDevice(HotPlugDeviceKind.DIMM, 2, 256L << 20),
                    new HotPlugDevice(HotPlugDeviceKind.VIRTIO_MEM, 3, 512L << 20));
        }

        @Test
        void maxmemAboveBootMemory() {
            assertThat(rejection(withHotPlug("  slots: 2\n  maxmem: 1G\n")))
                    .isEqualTo(SOURCE + ": hotplug maxmem 1G is not above the boot memory 1280M; maxmem counts the boot"
                            + " memory too, raise it above 1280M");
        }

        @Test
        void maxmemMultipleOf2M() {
            assertThat(rejection(withHotPlug("  maxmem: 2049M\n")))
                    .isEqualTo(SOURCE + ": hotplug maxmem 2049M is not a multiple of 2M; round it to a multiple of 2M");
        }

        @Test
        void slotsAtMost256() {
            assertThat(rejection(withHotPlug("  slots: 257\n  maxmem: 2G\n")))
                    .isEqualTo(SOURCE + ": hotplug slots is 257; QEMU takes 0 to 256 DIMM slots, change 'slots:'");
        }

        @Test
        void oneSlotPerDimm() {
            assertThat(rejection(withHotPlug("  slots: 1\n  maxmem: 2G\n  devices:\n"
                    + "    - {type: dimm, node: 2, size: 128M}\n    - {type: dimm, node: 3, size: 128M}\n")))
                    .isEqualTo(SOURCE + ": hotplug declares 2 dimm(s) but 1 slot(s); raise 'slots:' to 2 or declare"
                            + " fewer dimms");
        }

        @Test
        void virtioMemNeedsNoSlot() {
            assertThat(parse(withHotPlug("  maxmem: 2G\n  devices:\n    - {type: virtio-mem, node: 2, size: 128M}\n"))
                    .hotPlug()).map(MemoryHotPlug::slots).hasValue(0);
        }

        @Test
        void deviceNodeMustExist() {
            assertThat(rejection(withHotPlug("  maxmem: 2G\n  devices:\n    - {type: virtio-mem, node: 8, size: 128M}\n")))
                    .isEqualTo(SOURCE + ": hotplug virtio-mem for node 8: node 8 is not a node of this topology; fix"
                            + " 'node:' or declare the node");
        }

        @Test
        void deviceSizeMultipleOf2M() {
            assertThat(rejection(withHotPlug("  maxmem: 2G\n  devices:\n    - {type: virtio-mem, node: 2, size: 3M}\n")))
                    .isEqualTo(SOURCE + ": hotplug virtio-mem for node 2 has size 3M; give a positive multiple of 2M");
        }

        @Test
        void dimmSizeMultipleOfLinuxMemoryBlock() {
            assertThat(rejection(withHotPlug("  slots: 1\n  maxmem: 2G\n  devices:\n    - {type: dimm, node: 2, size: 64M}\n")))
                    .isEqualTo(SOURCE + ": hotplug dimm for node 2 has size 64M; Linux onlines hot-added DIMMs in 128M"
                            + " memory blocks, make it a multiple of 128M");
        }

        @Test
        void devicesFitBelowMaxmem() {
            assertThat(rejection(withHotPlug("  slots: 1\n  maxmem: 1536M\n  devices:\n    - {type: dimm, node: 2, size: 512M}\n")))
                    .isEqualTo(SOURCE + ": hotplug devices add 512M but maxmem leaves 256M above the boot memory; raise"
                            + " maxmem to at least 1792M");
        }

        private static final String DEVICE_NODES = """
                nodes:
                  - {id: 0, cpus: 1, memory: 512M}
                  - {id: 1, memory: 128M, initiator: 0}
                  - {id: 2, initiator: 0}
                hotplug:
                  maxmem: 1G
                  devices:
                """;

        @Test
        void deviceMemoryNeedsNoMaxmemRoomAndReachesQemuAsIvshmem() {
            Topology topology = parse(DEVICE_NODES + "    - {type: device-memory, node: 2, size: 1G}\n");

            assertThat(topology.hotPlug().orElseThrow().deviceBytes()).isZero();
            assertThat(org.hmsabi.qemu.NumaArguments.forTopology(topology)).containsSequence(
                    "-object", "memory-backend-ram,id=devmem0,size=1G", "-device", "ivshmem-plain,memdev=devmem0,master=on");
        }

        @Test
        void deviceMemoryIsAPowerOfTwo() {
            assertThat(rejection(DEVICE_NODES + "    - {type: device-memory, node: 2, size: 384M}\n"))
                    .startsWith(SOURCE + ": hotplug device-memory for node 2 has size 384M; a PCI BAR is a power of two"
                            + " in size, use e.g. 256M");
        }

        @Test
        void deviceMemoryIsWholeMemoryBlocks() {
            assertThat(rejection(DEVICE_NODES + "    - {type: device-memory, node: 2, size: 64M}\n"))
                    .startsWith(SOURCE + ": hotplug device-memory for node 2 has size 64M; a driver adds memory in whole"
                            + " 128M memory blocks, make it at least 128M");
        }

        @Test
        void deviceMemoryForAMemorylessNodeNeedsItLast() {
            String memoryOnNode2 = DEVICE_NODES.replace("{id: 1, memory: 128M,", "{id: 1,").replace("{id: 2,", "{id: 2, memory: 128M,");
            assertThat(rejection(memoryOnNode2 + "    - {type: device-memory, node: 1, size: 256M}\n"))
                    .startsWith(SOURCE + ": hotplug target node 1 has no boot memory but is not the last node (2)");
        }

        @Test
        void aTargetWithoutBootMemoryMustBeTheLastNode() {
            String yaml = """
                    nodes:
                      - {id: 0, cpus: 1, memory: 512M}
                      - {id: 1, initiator: 0}
                      - {id: 2, memory: 128M, initiator: 0}
                    hotplug:
                      slots: 1
                      maxmem: 2G
                      devices:
                        - {type: dimm, node: 1, size: 256M}
                    """;

            assertThat(rejection(yaml))
                    .isEqualTo(SOURCE + ": hotplug target node 1 has no boot memory but is not the last node (2); QEMU 7.2"
                            + " describes hot-pluggable memory on the last node only, so renumber it to be the last node or"
                            + " give it boot memory");
            assertThat(parse(yaml.replace("{id: 1, initiator: 0}", "{id: 1, memory: 128M, initiator: 0}")).hotPlug())
                    .as("a target with boot memory may be any node").isPresent();
        }

        @Test
        void aCpuLessNodeWithOnlyHotPluggedMemoryIsAcceptedButNeedsHmat() {
            String yaml = """
                    nodes:
                      - {id: 0, cpus: 1, memory: 512M}
                      - {id: 1, initiator: 0}
                    hotplug:
                      maxmem: 1G
                      devices:
                        - {type: virtio-mem, node: 1, size: 256M}
                    """;

            Optional<NumaNode> node = parse(yaml).node(1);
            assertThat(node).hasValueSatisfying(empty -> assertThat(empty.hasMemory()).isFalse());
            assertThat(rejection(yaml + "hmat:\n  - {initiator: 0, target: 0, latency: 10ns, bandwidth: 1GiB/s}\n"))
                    .startsWith(SOURCE + ": hmat has no entry for initiator 0 -> target 1");
        }
    }

    @Test
    void problemsListsEveryProblemInAFixedOrder() {
        Topology topology = FixtureText.assemble("""
                nodes:
                  - {id: 0, cpus: 1, memory: 512M}
                  - {id: 1, memory: 128M}
                  - {id: 2, memory: 101M, initiator: 0}
                distances:
                  pairs:
                    - {from: 0, to: 1, distance: 5}
                """);

        List<String> problems = TopologyValidator.problems(topology);

        assertThat(problems).containsExactly(
                "node 1 has no CPUs and no initiator; add 'initiator: <cpu node id>' (nodes with CPUs: 0)",
                "node 2 has memory 101M, not a multiple of 2M; round 'memory:' to a multiple of 2M",
                "distance from node 0 to node 1 is 5; remote distances must be 11 to 255 (Linux ignores a SLIT with a"
                        + " remote distance of 10 or less), raise it",
                "distance from node 1 to node 0 is 5; remote distances must be 11 to 255 (Linux ignores a SLIT with a"
                        + " remote distance of 10 or less), raise it");
        assertThat(TopologyValidator.problems(topology)).isEqualTo(problems);
    }
}
