package org.hmsabi.capture;

import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.hmsabi.BadInputException;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.conformance.ConformanceChecker;
import org.hmsabi.conformance.ConformanceReport;
import org.hmsabi.topology.ObservedTopology;
import org.hmsabi.topology.ObservedTopologyReader;
import org.hmsabi.topology.ObservedTopologySvg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeReaderTest {
    private static final String NODE = "/sys/devices/system/node";
    private final TreeReader reader = new TreeReader(AbiSpec.bundled());

    @Test
    void aTreeReadsAsTheAgentWouldReportIt(@TempDir Path root) {
        Snapshot snapshot = reader.read(SyntheticTree.write(root, List.of(0, 1, 2), 2, "6.12.117+deb12-amd64"));
        assertThat(snapshot.kernel().release()).isEqualTo("6.12.117+deb12-amd64");
        assertThat(snapshot.sysfs().get(NODE + "/node0/compact")).isEqualTo(new Entry.WriteOnly("0200"));
        assertThat(snapshot.sysfs().get(NODE + "/node2/access0/initiators/node0")).isEqualTo(new Entry.Link("../../../node0"));
        assertThat(snapshot.sysfs().get(NODE + "/node0")).isEqualTo(new Entry.Directory("0755"));
        assertThat(snapshot.sysfs()).doesNotContainKey(NODE); // the tree's root, as the agent's tree request
        assertThat(snapshot.sysfs().get(NODE + "/node1/meminfo")).isInstanceOf(Entry.Table.class);
        assertThat(snapshot.sysfs().get(NODE + "/node1/distance"))
                .isEqualTo(new Entry.File("0444", new org.hmsabi.model.Cell.Value(org.hmsabi.spec.ValueClass.CONFIG, "20 10 30\n")));
        assertThat(snapshot.procfs()).containsKeys("/proc/zoneinfo", "/proc/vmstat", "/proc/sys/kernel/numa_balancing");
    }

    @Test
    void aSyntheticTreeConformsAndACorruptedOneDoesNot(@TempDir Path root) throws IOException {
        SyntheticTree.write(root, List.of(0, 1, 2), 2, "6.12.117+deb12-amd64");
        ConformanceChecker checker = new ConformanceChecker(AbiSpec.bundled());
        assertThat(checker.check(reader.read(root), Optional.empty()).violations()).isEmpty();

        Files.delete(root.resolve("sys/kernel/mm/mempolicy/weighted_interleave/node1"));
        Path cpulist = root.resolve("sys/devices/system/node/node0/cpulist");
        cpulist.toFile().setWritable(true);
        Files.writeString(cpulist, "0-1,x\n");
        ConformanceReport report = checker.check(reader.read(root), Optional.empty());
        assertThat(report.violations()).extracting(violation -> violation.path() + " " + violation.rule().label()).containsExactlyInAnyOrder(
                NODE + "/node0/cpulist grammar", "/sys/kernel/mm/mempolicy/weighted_interleave/node1 missing");
        assertThat(report.violations()).allSatisfy(violation -> assertThat(violation.message()).contains("kernel 6.12.117+deb12-amd64"));
    }

    @Test
    void linksAreNeverFollowedOutOfTheTree(@TempDir Path dir) throws IOException {
        Path root = SyntheticTree.write(dir.resolve("tree"), List.of(0), 1, "6.1.0-56-amd64");
        Path outside = Files.createDirectories(dir.resolve("outside/weighted_interleave"));
        Files.writeString(outside.resolve("node7"), "secret\n");
        // A link inside a walked tree is recorded as a link, wherever it points.
        SyntheticTree.link(root, "sys/devices/system/node/node0/escape", "../../../../../../outside");
        // A tree root that climbs out of DIR is not read at all ...
        deleteTree(root.resolve("sys/kernel/mm/mempolicy"));
        SyntheticTree.link(root, "sys/kernel/mm/mempolicy", "../../../../outside");
        // ... while an absolute link is resolved inside DIR, as it would be on the captured machine.
        Files.move(root.resolve("sys/kernel/mm/numa"), root.resolve("sys/numa-elsewhere"));
        SyntheticTree.link(root, "sys/kernel/mm/numa", "/sys/numa-elsewhere");

        Snapshot snapshot = reader.read(root);
        assertThat(snapshot.sysfs().get(NODE + "/node0/escape")).isEqualTo(new Entry.Link("../../../../../../outside"));
        assertThat(snapshot.sysfs().keySet()).noneMatch(path -> path.startsWith("/sys/kernel/mm/mempolicy"));
        assertThat(snapshot.sysfs()).containsKey("/sys/kernel/mm/numa/demotion_enabled");
    }

    @Test
    void filesTheCapturedMachineRefusedAreUnreadableNotChecked(@TempDir Path root) throws IOException {
        SyntheticTree.write(root, List.of(0), 1, "6.12.117+deb12-amd64");
        SyntheticTree.file(root, TreeReader.UNREADABLE_LIST, NODE + "/node0/distance\tEACCES");
        Snapshot snapshot = reader.read(root);
        assertThat(snapshot.sysfs().get(NODE + "/node0/distance")).isEqualTo(new Entry.Unreadable("0444", "EACCES"));
        ConformanceReport report = new ConformanceChecker(AbiSpec.bundled()).check(snapshot, Optional.empty());
        assertThat(report.unchecked()).containsExactly(NODE + "/node0/distance");
        assertThat(report.conforms()).isTrue();
    }

    @Test
    void threeHundredNodesWithGapsReadCheckAndDraw(@TempDir Path root) {
        List<Integer> ids = IntStream.range(0, 300).map(i -> 2 * i + (i >= 4 ? 10 : 0)).boxed().toList();
        Snapshot snapshot = reader.read(SyntheticTree.write(root, ids, 4, "6.12.117+deb12-amd64"));
        ConformanceReport report = new ConformanceChecker(AbiSpec.bundled()).check(snapshot, Optional.empty());
        assertThat(report.violations()).isEmpty();
        ObservedTopology topology = ObservedTopologyReader.read(new SnapshotView(snapshot));
        assertThat(topology.nodes()).hasSize(300);
        ObservedTopology.Node last = topology.nodes().get(299);
        assertThat(last.id()).isEqualTo(ids.get(299));
        assertThat(last.distances()).hasSize(300).containsEntry(ids.get(299), 10).containsEntry(0, 30);
        assertThat(last.access().get("access0").initiators()).containsExactly(0);
        assertThat(last.tier()).hasValue(22);
        String svg = ObservedTopologySvg.render(topology);
        assertThat(svg).startsWith("<svg").contains("node " + ids.get(299)).contains("81920 MB/s");
    }

    @Test
    void aDirectoryWithoutSysIsBadInput(@TempDir Path root) {
        assertThatThrownBy(() -> reader.read(root)).isInstanceOf(BadInputException.class).hasMessageContaining("no sys/ directory");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
