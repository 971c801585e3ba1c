package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.diff.Finding.Severity;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.Stability;
import org.hmsabi.topology.NumaNode;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;
import org.junit.jupiter.api.Test;

/**
 * Debian 6.1 against 6.12 on two-socket-hbm, from real snapshots trimmed to the memory tiers,
 * mempolicy and a few node files. The expectations come from the fixture and the spec: 6.1 puts
 * every node in the default tier, 6.12 reads HMAT and gives the CPU-less HBM nodes a tier of their
 * own, and 6.12 has weighted interleave with one weight file per node.
 */
class RealKernelsDiffTest {
    private static final String TIERS = "/sys/devices/virtual/memory_tiering/";
    private static final String WEIGHTED = "/sys/kernel/mm/mempolicy/weighted_interleave";

    private final AbiSpec spec = AbiSpec.bundled();
    private final Topology topology = TopologyLoader.load("two-socket-hbm",
            Path.of(System.getProperty("hmsabi.repo", "..")).resolve("fixtures/topologies"));
    private final Snapshot baseline = resource("6.1.0-56.json");
    private final Snapshot candidate = resource("6.12.117+deb12.json");

    private static Snapshot resource(String name) {
        try {
            return SnapshotFiles.read(Path.of(RealKernelsDiffTest.class.getResource("two-socket-hbm/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private DiffResult diff(boolean strict) {
        return new SnapshotDiff(spec, Waivers.none(), strict).compare(baseline, candidate);
    }

    @Test
    void eachHbmNodeMovingOutOfTheDefaultTierIsOneTestingAbiWarning() {
        Set<Integer> memoryOnly = topology.memoryOnlyNodes().stream().map(NumaNode::id).collect(Collectors.toSet());
        Stability tierStability = spec.ruleFor(TIERS + "memory_tier4/nodelist").stability();
        List<Finding> moves = diff(false).findings().stream().filter(f -> f.subject().matches("node \\d+: .*")).toList();

        assertThat(tierStability).isEqualTo(Stability.TESTING);
        assertThat(moves).hasSize(memoryOnly.size());
        assertThat(moves).allSatisfy(move -> {
            assertThat(move.kind()).isEqualTo(Kind.VALUE_CHANGED);
            assertThat(move.stability()).isEqualTo(tierStability);
            assertThat(move.severity()).isEqualTo(Severity.WARNING);
            // the default tier held every node in 6.1; the moved node's tier is new in 6.12
            assertThat(move.baseline()).isEqualTo(moves.get(0).baseline());
            assertThat(move.candidate()).isNotEqualTo(move.baseline());
            assertThat(move.paths()).anyMatch(path -> path.equals(TIERS + move.candidate().orElseThrow()));
        });
        assertThat(moves).extracting(move -> Integer.parseInt(move.subject().replaceAll("node (\\d+):.*", "$1")))
                .containsExactlyInAnyOrderElementsOf(memoryOnly);
    }

    @Test
    void weightedInterleaveIsOneAdditionWithAWeightPerNode() {
        List<Finding> added = diff(false).findings().stream().filter(f -> f.subject().startsWith(WEIGHTED)).toList();

        assertThat(added).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.ADDED);
            assertThat(finding.severity()).isEqualTo(Severity.INFO);
            assertThat(finding.paths()).hasSize(1 + topology.nodes().size())
                    .allMatch(path -> path.startsWith(WEIGHTED));
        });
    }

    @Test
    void theseAreAllTheFindingsAndTheyPassUnlessStrict() {
        assertThat(diff(false).findings()).hasSize(topology.memoryOnlyNodes().size() + 1);
        assertThat(diff(false).passes()).isTrue();
        assertThat(diff(true).passes()).isFalse();
    }
}
