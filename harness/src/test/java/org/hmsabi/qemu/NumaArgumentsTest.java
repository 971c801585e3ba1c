package org.hmsabi.qemu;

import org.hmsabi.topology.DistanceMatrix;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.ShippedFixtures;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The QEMU arguments derived from each shipped fixture. */
class NumaArgumentsTest {

    static final List<String> FIXTURES = ShippedFixtures.NAMES;

    /** The values of every occurrence of an option, e.g. all {@code -numa} values. */
    private static List<String> values(List<String> args, String option) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(option)) {
                values.add(args.get(i + 1));
            }
        }
        return values;
    }

    private static List<String> numa(List<String> args, String kind) {
        return values(args, "-numa").stream().filter(value -> value.startsWith(kind + ",")).toList();
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void everyOptionHasAValueAndNothingElseSlipsIn(String name) {
        List<String> args = NumaArguments.forTopology(ShippedFixtures.load(name));

        assertThat(args).hasSizeGreaterThan(2);
        for (int i = 0; i < args.size(); i += 2) {
            assertThat(args.get(i)).isIn("-smp", "-m", "-object", "-numa", "-device", "-M", "-cpu");
            assertThat(args.get(i + 1)).doesNotStartWith("-").doesNotContain(" ");
        }
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void oneBackendAndOneNodeOptionPerNodeInIdOrder(String name) {
        Topology topology = ShippedFixtures.load(name);
        List<String> args = NumaArguments.forTopology(topology);

        List<NumaNode> withMemory = topology.nodes().stream().filter(NumaNode::hasMemory).toList();
        assertThat(values(args, "-object").stream().filter(value -> value.contains("id=ram-node")))
                .containsExactlyElementsOf(withMemory.stream()
                        .map(node -> "memory-backend-ram,id=ram-node" + node.id() + ",size=" + NumaArguments.qemuSize(node.memoryBytes()))
                        .toList());
        List<String> nodes = numa(args, "node");
        assertThat(nodes).hasSize(topology.nodes().size());
        for (int id = 0; id < nodes.size(); id++) {
            assertThat(nodes.get(id)).startsWith(topology.nodes().get(id).hasMemory()
                    ? "node,nodeid=" + id + ",memdev=ram-node" + id
                    : topology.isGenericInitiator(id) || topology.isGenericPort(id) ? "node,nodeid=" + id : "node,nodeid=" + id + ",initiator=");
        }
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void numaOptionsComeInTheOrderQemuChecksThem(String name) {
        List<String> kinds = values(NumaArguments.forTopology(ShippedFixtures.load(name)), "-numa").stream()
                .map(value -> value.substring(0, value.indexOf(','))).toList();
        List<String> order = List.of("node", "cpu", "dist", "hmat-lb", "hmat-cache");

        for (int i = 1; i < kinds.size(); i++) {
            assertThat(order.indexOf(kinds.get(i))).isGreaterThanOrEqualTo(order.indexOf(kinds.get(i - 1)));
        }
    }

    @Test
    void aGenericInitiatorIsAPciTestDeviceTiedToItsNode() {
        Topology topology = ShippedFixtures.load("gpu-generic-initiator");
        List<String> args = NumaArguments.forTopology(topology);

        assertThat(values(args, "-device")).containsExactly("pci-testdev,id=gi0-dev");
        assertThat(values(args, "-object")).contains("acpi-generic-initiator,id=gi0,pci-dev=gi0-dev,node=2");
        assertThat(numa(args, "node")).contains("node,nodeid=2", "node,nodeid=3,memdev=ram-node3");
        assertThat(numa(args, "hmat-lb")).contains("hmat-lb,initiator=2,target=3,hierarchy=memory,data-type=access-latency,latency=60");
    }

    @Test
    void singleNode() {
        Topology topology = ShippedFixtures.load("single-node");
        List<String> args = NumaArguments.forTopology(topology);

        assertThat(values(args, "-smp")).containsExactly("cpus=1,sockets=1,cores=1,threads=1");
        assertThat(values(args, "-m")).containsExactly("size=512M");
        assertThat(values(args, "-object")).containsExactly("memory-backend-ram,id=ram-node0,size=512M");
        assertThat(numa(args, "cpu")).containsExactly("cpu,node-id=0,socket-id=0");
        assertThat(numa(args, "dist")).isEmpty();
        assertThat(NumaArguments.needsHmat(topology)).isFalse();
    }

    @Test
    void twoSocketSendsItsOneDistanceAndNoHmat() {
        Topology topology = ShippedFixtures.load("two-socket");
        List<String> args = NumaArguments.forTopology(topology);

        assertThat(values(args, "-smp")).containsExactly("cpus=2,sockets=2,cores=1,threads=1");
        assertThat(values(args, "-m")).containsExactly("size=1G");
        assertThat(numa(args, "cpu")).containsExactly("cpu,node-id=0,socket-id=0", "cpu,node-id=1,socket-id=1");
        assertThat(numa(args, "dist")).containsExactly("dist,src=0,dst=1,val=21");
        assertThat(numa(args, "hmat-lb")).isEmpty();
        assertThat(NumaArguments.needsHmat(topology)).isFalse();
    }

    @Test
    void twoSocketHbm() {
        Topology topology = ShippedFixtures.load("two-socket-hbm");
        List<String> args = NumaArguments.forTopology(topology);

        assertThat(NumaArguments.needsHmat(topology)).isTrue();
        assertThat(values(args, "-m")).containsExactly("size=1280M");
        assertThat(numa(args, "node")).contains("node,nodeid=2,memdev=ram-node2,initiator=0",
                "node,nodeid=3,memdev=ram-node3,initiator=1");
        // Once one distance is given QEMU wants every pair; a symmetric table needs one direction.
        assertThat(numa(args, "dist")).hasSize(4 * 3 / 2).contains("dist,src=0,dst=2,val=13", "dist,src=2,dst=3,val=23");
        assertThat(numa(args, "hmat-lb")).hasSize(2 * 4 * 2).contains(
                "hmat-lb,initiator=0,target=2,hierarchy=memory,data-type=access-latency,latency=120",
                "hmat-lb,initiator=0,target=2,hierarchy=memory,data-type=access-bandwidth,bandwidth=80G");
        assertThat(numa(args, "hmat-cache")).containsExactly(
                "hmat-cache,node-id=2,size=16M,level=1,associativity=direct,policy=write-back,line=64",
                "hmat-cache,node-id=3,size=16M,level=1,associativity=direct,policy=write-back,line=64");
    }

    @Test
    void cxlFarMemorySendsReadAndWriteFiguresAndHotPlugRoom() {
        Topology topology = ShippedFixtures.load("cxl-far-memory");
        List<String> args = NumaArguments.forTopology(topology);

        assertThat(values(args, "-m")).containsExactly("size=1152M,slots=2,maxmem=2G");
        assertThat(numa(args, "node")).contains("node,nodeid=3,initiator=0");
        assertThat(numa(args, "dist")).containsExactly("dist,src=0,dst=1,val=21", "dist,src=0,dst=2,val=31",
                "dist,src=0,dst=3,val=31", "dist,src=1,dst=2,val=41", "dist,src=1,dst=3,val=41", "dist,src=2,dst=3,val=51");
        List<String> lb = numa(args, "hmat-lb");
        assertThat(lb).hasSize(2 * 4 * 4).noneMatch(value -> value.contains("data-type=access-"));
        assertThat(lb).contains(
                "hmat-lb,initiator=1,target=2,hierarchy=memory,data-type=read-latency,latency=300",
                "hmat-lb,initiator=1,target=2,hierarchy=memory,data-type=write-latency,latency=350",
                "hmat-lb,initiator=1,target=2,hierarchy=memory,data-type=read-bandwidth,bandwidth=6G",
                "hmat-lb,initiator=1,target=2,hierarchy=memory,data-type=write-bandwidth,bandwidth=3G",
                "hmat-lb,initiator=0,target=3,hierarchy=memory,data-type=read-latency,latency=280");
        // The virtio-mem device is part of the machine at size 0 (resized later); the DIMM is plugged over QMP.
        assertThat(values(args, "-device")).containsExactly("virtio-mem-pci,id=vmem0,memdev=vmem0-ram,node=3,requested-size=0");
        assertThat(values(args, "-object")).contains("memory-backend-ram,id=vmem0-ram,size=512M");
        assertThat(args).noneMatch(arg -> arg.contains("pc-dimm"));
        assertThat(NumaArguments.hasVirtioMem(topology)).isTrue();
        assertThat(NumaArguments.hasVirtioMem(ShippedFixtures.load("two-socket-hbm"))).isFalse();
    }

    @Test
    void hms() {
        Topology topology = ShippedFixtures.load("hms-4s32g");
        List<String> args = NumaArguments.forTopology(topology);

        assertThat(values(args, "-smp")).containsExactly("cpus=4,sockets=4,cores=1,threads=1");
        assertThat(values(args, "-m")).containsExactly("size=5G");
        assertThat(numa(args, "cpu")).hasSize(4);
        assertThat(numa(args, "node")).hasSize(36)
                .contains("node,nodeid=4,memdev=ram-node4,initiator=0", "node,nodeid=35,memdev=ram-node35,initiator=3");
        assertThat(numa(args, "dist")).hasSize(36 * 35 / 2).contains(
                "dist,src=0,dst=1,val=21", "dist,src=0,dst=3,val=41", "dist,src=0,dst=4,val=25",
                "dist,src=4,dst=19,val=15", "dist,src=19,dst=20,val=40", "dist,src=3,dst=4,val=55");
        assertThat(numa(args, "hmat-lb")).hasSize(4 * 36 * 2);
        assertThat(NumaArguments.needsHmat(topology)).isTrue();
    }

    @Test
    void anyInitiatorNeedsHmatEvenOnAnInvalidCpuNode() {
        // QEMU refuses initiator= without hmat=on; the validator rejects this machine, but the
        // arguments must still be the ones QEMU would judge, so that the tests can ask it.
        Topology topology = new Topology("t", "", List.of(new NumaNode(0, 1, 256L << 20, OptionalInt.of(0))),
                DistanceMatrix.defaults(1), List.of(), List.of(), Optional.empty());

        assertThat(NumaArguments.needsHmat(topology)).isTrue();
        assertThat(numa(NumaArguments.forTopology(topology), "node")).containsExactly(
                "node,nodeid=0,memdev=ram-node0,initiator=0");
    }

    @Test
    void aNodeWithoutMemoryGetsNoBackend() {
        Topology topology = new Topology("t", "", List.of(NumaNode.withCpus(0, 1, 256L << 20), NumaNode.withCpus(1, 1, 0)),
                DistanceMatrix.defaults(2), List.of(), List.of(), Optional.empty());
        List<String> args = NumaArguments.forTopology(topology);

        assertThat(values(args, "-object")).containsExactly("memory-backend-ram,id=ram-node0,size=256M");
        assertThat(numa(args, "node")).containsExactly("node,nodeid=0,memdev=ram-node0", "node,nodeid=1");
    }

    @Test
    void anAsymmetricTableSendsBothDirections() {
        Topology topology = new Topology("t", "", List.of(NumaNode.withCpus(0, 1, 256L << 20), NumaNode.withCpus(1, 1, 256L << 20)),
                new DistanceMatrix(List.of(List.of(10, 21), List.of(31, 10)), true), List.of(), List.of(), Optional.empty());

        assertThat(numa(NumaArguments.forTopology(topology), "dist"))
                .containsExactly("dist,src=0,dst=1,val=21", "dist,src=1,dst=0,val=31");
    }

    @Test
    void sizesAreExactInQemuSyntax() {
        assertThat(NumaArguments.qemuSize(512L << 20)).isEqualTo("512M");
        assertThat(NumaArguments.qemuSize(3L << 30)).isEqualTo("3G");
        assertThat(NumaArguments.qemuSize(1536L << 20)).isEqualTo("1536M");
        assertThat(NumaArguments.qemuSize(8192)).isEqualTo("8K");
        // A bare number would mean MiB to -m, so odd sizes carry an explicit B.
        assertThat(NumaArguments.qemuSize(1000)).isEqualTo("1000B");
    }
}
