package org.hmsabi.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shipped fixture parses, validates and says what its name promises. */
class ShippedFixturesTest {

    static final List<String> FIXTURES = ShippedFixtures.NAMES;

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void eachFixtureLoadsUnderItsOwnName(String name) {
        Topology topology = ShippedFixtures.load(name);

        assertThat(topology.name()).isEqualTo(name);
        assertThat(topology.description()).isNotBlank();
        assertThat(TopologyValidator.problems(topology)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void eachFixtureStaysSmallEnoughToBootOnTheCiHost(String name) {
        Topology topology = ShippedFixtures.load(name);

        assertThat(topology.totalCpus()).isLessThanOrEqualTo(4);
        assertThat(topology.totalMemoryBytes()).isLessThanOrEqualTo(6L << 30);
        // 128M is the smallest node size the fixtures use: one Linux memory block, and enough to
        // survive the 64M SWIOTLB buffer the kernel takes from the last node below 4G.
        // A node without boot memory gets its memory by hot-plug, or is a generic initiator's or a CXL generic port's.
        assertThat(topology.nodes()).allSatisfy(node -> assertThat(node.memoryBytes() >= (128L << 20)
                || (!node.hasMemory() && (topology.receivesHotPlug(node.id()) || topology.isGenericInitiator(node.id())
                        || topology.isGenericPort(node.id()))))
                .as("node %d", node.id()).isTrue());
    }

    @Test
    void theDirectoryListsExactlyTheShippedFixtures() {
        assertThat(TopologyLoader.names(ShippedFixtures.directory())).containsExactlyInAnyOrderElementsOf(FIXTURES);
    }

    @Test
    void cxlExpanderIsTwoSocketsAndAHostBridgeWithOneVolatileDeviceAndAGenericPort() {
        Topology topology = ShippedFixtures.load("cxl-expander");

        assertThat(topology.cpuNodes()).extracting(NumaNode::id).containsExactly(0, 1);
        CxlHostBridge cxl = topology.cxl().orElseThrow();
        assertThat(cxl.deviceBytes()).containsExactly(256L << 20);
        assertThat(cxl.windowBytes()).isEqualTo(4L << 30);
        assertThat(cxl.genericPortNode()).hasValue(2);
        // HMAT from every socket to the generic port: the host side of the region's access classes.
        assertThat(topology.hmat()).filteredOn(entry -> entry.target() == 2).extracting(HmatEntry::initiator)
                .containsExactlyInAnyOrder(0, 1);
        assertThat(topology.node(2).orElseThrow().hasMemory()).isFalse();
    }

    @Test
    void singleNodeIsOneNodeWithCpuAndMemory() {
        Topology topology = ShippedFixtures.load("single-node");

        assertThat(topology.nodes()).containsExactly(NumaNode.withCpus(0, 1, 512L << 20));
        assertThat(topology.distances().isDefault()).isTrue();
        assertThat(topology.hmat()).isEmpty();
        assertThat(topology.hotPlug()).isEmpty();
    }

    @Test
    void twoSocketIsTwoCpuNodesAtDistance21() {
        Topology topology = ShippedFixtures.load("two-socket");

        assertThat(topology.cpuNodes()).hasSize(2);
        assertThat(topology.memoryOnlyNodes()).isEmpty();
        assertThat(topology.distance(0, 1)).isEqualTo(21);
        assertThat(topology.distance(1, 0)).isEqualTo(21);
        assertThat(topology.cpuIds(0)).containsExactly(0);
        assertThat(topology.cpuIds(1)).containsExactly(1);
    }

    @Test
    void twoSocketHbmHasHbmNodesWithInitiatorsFullHmatAndCaches() {
        Topology topology = ShippedFixtures.load("two-socket-hbm");

        assertThat(topology.cpuNodes()).extracting(NumaNode::id).containsExactly(0, 1);
        assertThat(topology.memoryOnlyNodes()).containsExactly(
                NumaNode.memoryOnly(2, 128L << 20, 0), NumaNode.memoryOnly(3, 128L << 20, 1));
        assertThat(topology.hmat()).hasSize(2 * 4);
        assertThat(topology.hmat()).contains(HmatEntry.access(0, 2, 120, 80 * 1024));
        assertThat(topology.caches()).extracting(MemorySideCache::node).containsExactly(2, 3);
        assertThat(topology.caches()).allSatisfy(cache -> {
            assertThat(cache.level()).isEqualTo(1);
            assertThat(cache.sizeBytes()).isEqualTo(16L << 20);
            assertThat(cache.associativity()).isEqualTo(CacheAssociativity.DIRECT);
            assertThat(cache.policy()).isEqualTo(CacheWritePolicy.WRITE_BACK);
            assertThat(cache.lineBytes()).isEqualTo(64);
        });
        // HBM is nearer its own socket than the other socket's DDR is.
        assertThat(topology.distance(0, 2)).isLessThan(topology.distance(0, 1));
    }

    @Test
    void cxlFarMemoryIsFarFromBothSocketsWithReadWriteHmatAndHotPlugRoom() {
        Topology topology = ShippedFixtures.load("cxl-far-memory");

        NumaNode far = topology.node(2).orElseThrow();
        NumaNode empty = topology.node(3).orElseThrow();
        assertThat(topology.memoryOnlyNodes()).containsExactly(far, empty);
        assertThat(empty.hasMemory()).isFalse();
        for (NumaNode socket : topology.cpuNodes()) {
            assertThat(topology.distance(socket.id(), far.id()))
                    .isGreaterThan(topology.distance(0, 1));
        }
        assertThat(topology.hmat()).hasSize(2 * 4)
                .allSatisfy(entry -> assertThat(entry.performance()).isInstanceOf(HmatPerformance.ReadWrite.class));
        MemoryHotPlug hotPlug = topology.hotPlug().orElseThrow();
        // Every hot-plug event brings a new node: the devices target the last node, empty at boot.
        assertThat(hotPlug.devices()).extracting(HotPlugDevice::node).containsOnly(empty.id());
        assertThat(topology.nodes().get(topology.nodes().size() - 1)).isEqualTo(empty);
        assertThat(hotPlug.deviceBytes()).isLessThanOrEqualTo(hotPlug.maxMemoryBytes() - topology.totalMemoryBytes());
    }

    @Test
    void hmsHasFourChainedSocketsWithEightGpuNodesEach() {
        Topology topology = ShippedFixtures.load("hms-4s32g");

        assertThat(topology.nodes()).hasSize(36);
        assertThat(topology.cpuNodes()).extracting(NumaNode::id).containsExactly(0, 1, 2, 3);
        for (int socket = 0; socket < 4; socket++) {
            int mySocket = socket;
            assertThat(gpusOf(topology, socket)).hasSize(8)
                    .allSatisfy(gpu -> assertThat(topology.node(gpu).orElseThrow().initiator()).hasValue(mySocket));
        }
        // A chain: each hop along 0-1-2-3 costs more.
        assertThat(topology.distance(0, 1)).isLessThan(topology.distance(0, 2));
        assertThat(topology.distance(0, 2)).isLessThan(topology.distance(0, 3));
        assertThat(topology.distance(0, 1)).isEqualTo(topology.distance(1, 2)).isEqualTo(topology.distance(2, 3));
    }

    @Test
    void hmsGpuBlocksAreMeshedAtOneDistanceAndJoinedByASlowerLink() {
        Topology topology = ShippedFixtures.load("hms-4s32g");
        List<Integer> block01 = concat(gpusOf(topology, 0), gpusOf(topology, 1));
        List<Integer> block23 = concat(gpusOf(topology, 2), gpusOf(topology, 3));

        int mesh = topology.distance(block01.get(0), block01.get(1));
        for (List<Integer> block : List.of(block01, block23)) {
            for (int a : block) {
                for (int b : block) {
                    assertThat(topology.distance(a, b)).isEqualTo(a == b ? 10 : mesh);
                }
            }
        }
        int link = topology.distance(block01.get(0), block23.get(0));
        assertThat(link).isGreaterThan(mesh);
        for (int a : block01) {
            for (int b : block23) {
                assertThat(topology.distance(a, b)).isEqualTo(link);
                assertThat(topology.distance(b, a)).isEqualTo(link);
            }
        }
    }

    @Test
    void hmsSocketIsNearestToItsOwnGpus() {
        Topology topology = ShippedFixtures.load("hms-4s32g");

        for (int socket = 0; socket < 4; socket++) {
            int own = topology.distance(socket, gpusOf(topology, socket).get(0));
            for (int other = 0; other < 4; other++) {
                if (other != socket) {
                    for (int gpu : gpusOf(topology, other)) {
                        assertThat(topology.distance(socket, gpu)).isGreaterThan(own);
                    }
                }
            }
        }
    }

    @Test
    void hmsHasHmatForEverySocketAndNode() {
        Topology topology = ShippedFixtures.load("hms-4s32g");

        assertThat(topology.hmat()).hasSize(4 * 36);
    }

    private static List<Integer> gpusOf(Topology topology, int socket) {
        return topology.memoryOnlyNodes().stream()
                .filter(node -> node.initiator().orElse(-1) == socket)
                .map(NumaNode::id).toList();
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        return IntStream.concat(a.stream().mapToInt(Integer::intValue), b.stream().mapToInt(Integer::intValue))
                .boxed().toList();
    }
}
