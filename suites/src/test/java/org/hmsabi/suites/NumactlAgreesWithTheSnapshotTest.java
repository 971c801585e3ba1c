package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.guest.Guest;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.topology.NodeLists;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An independent reader: libnuma's `numactl --hardware`, run in the same guest, must see the
 * nodes, CPUs, sizes and distances the agent's snapshot recorded.
 */
@Tag("guest")
class NumactlAgreesWithTheSnapshotTest {
    private static final Pattern AVAILABLE = Pattern.compile("available: (\\d+) nodes \\(([0-9,-]+)\\)");
    private static final Pattern CPUS = Pattern.compile("node (\\d+) cpus:(.*)");
    private static final Pattern SIZE = Pattern.compile("node (\\d+) size: (\\d+) MB");
    private static final Pattern DISTANCE_ROW = Pattern.compile("\\s*(\\d+):((?:\\s+\\d+)+)\\s*");

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("org.hmsabi.suites.TestGuests#everyFixtureOnBothKernels")
    void numactlSeesWhatTheSnapshotRecorded(String reference, String topologyName) {
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology(topologyName);
        Snapshot snapshot;
        String hardware;
        try (Guest guest = TestGuests.boot(kernel, topology)) {
            snapshot = Snapshots.capture(guest, kernel, topology);
            List<AgentReply> replies = guest.session().call(guest.session().request("run", "/usr/bin/numactl", "--hardware"),
                    Duration.ofSeconds(60));
            AgentReply result = replies.get(replies.size() - 1);
            assertThat(result).as("numactl --hardware").isInstanceOf(AgentReply.Run.class);
            AgentReply.Run run = (AgentReply.Run) result;
            assertThat(run.status()).as("numactl --hardware: %s", run).isZero();
            hardware = run.output();
        }
        NumactlHardware numactl = NumactlHardware.parse(hardware);
        String node = SysfsExpectations.NODE;

        List<Integer> online = new ArrayList<>(NodeLists.parse(SnapshotMatchesFixtureTest.value(snapshot.sysfs(), node + "/online")));
        assertThat(numactl.nodes()).as(hardware).containsExactlyElementsOf(online);
        for (int id : online) {
            String dir = node + "/node" + id;
            assertThat(numactl.cpus().get(id)).as("cpus of node %d", id)
                    .containsExactlyElementsOf(NodeLists.parse(SnapshotMatchesFixtureTest.value(snapshot.sysfs(), dir + "/cpulist")));
            assertThat(numactl.distances().get(id)).as("distances from node %d", id)
                    .isEqualTo(SnapshotMatchesFixtureTest.value(snapshot.sysfs(), dir + "/distance"));
            assertThat(numactl.sizesMiB().get(id)).as("size of node %d", id).isEqualTo(memTotalKiB(snapshot, dir) / 1024);
        }
    }

    private static long memTotalKiB(Snapshot snapshot, String nodeDir) {
        Entry meminfo = snapshot.sysfs().get(nodeDir + "/meminfo");
        assertThat(meminfo).isInstanceOf(Entry.Table.class);
        Cell total = ((Entry.Table) meminfo).rows().get("MemTotal");
        assertThat(total).isInstanceOf(Cell.Value.class);
        return Long.parseLong(((Cell.Value) total).value().replace("kB", "").strip());
    }

    /** What `numactl --hardware` prints, read into plain maps. */
    record NumactlHardware(List<Integer> nodes, Map<Integer, List<Integer>> cpus, Map<Integer, Long> sizesMiB,
                           Map<Integer, String> distances) {

        static NumactlHardware parse(String output) {
            List<Integer> nodes = new ArrayList<>();
            Map<Integer, List<Integer>> cpus = new TreeMap<>();
            Map<Integer, Long> sizes = new TreeMap<>();
            Map<Integer, String> distances = new TreeMap<>();
            boolean inDistances = false;
            List<Integer> columns = new ArrayList<>();
            for (String line : output.split("\n")) {
                Matcher m;
                if ((m = AVAILABLE.matcher(line)).matches()) {
                    nodes.addAll(NodeLists.parse(m.group(2)));
                } else if ((m = CPUS.matcher(line)).matches()) {
                    List<Integer> ids = new ArrayList<>();
                    for (String cpu : m.group(2).strip().split("\\s+")) {
                        if (!cpu.isEmpty()) {
                            ids.add(Integer.parseInt(cpu));
                        }
                    }
                    cpus.put(Integer.parseInt(m.group(1)), ids);
                } else if ((m = SIZE.matcher(line)).matches()) {
                    sizes.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
                } else if (line.startsWith("node distances:")) {
                    inDistances = true;
                } else if (inDistances && line.startsWith("node ")) {
                    for (String column : line.substring(5).strip().split("\\s+")) {
                        columns.add(Integer.parseInt(column));
                    }
                } else if (inDistances && (m = DISTANCE_ROW.matcher(line)).matches()) {
                    distances.put(Integer.parseInt(m.group(1)), String.join(" ", m.group(2).strip().split("\\s+")));
                }
            }
            return new NumactlHardware(nodes, cpus, sizes, distances);
        }
    }
}
