package org.hmsabi.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.hmsabi.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpectationFileTest {
    private static final Path SHIPPED = repositoryRoot().resolve("vm-images/example-driver/expect.yaml");

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("vm-images/example-driver"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    @Test
    void theShippedExampleSaysWhatItsCommentsSay() {
        DriverExpectation expectation = ExpectationFile.read(SHIPPED);

        assertThat(expectation.nodeCount()).isEqualTo(OptionalInt.of(1));
        ExpectedNode node = expectation.nodes().get(0);
        assertThat(node.node()).isEqualTo(OptionalInt.of(2));
        assertThat(node.sizeBytes()).isEqualTo(OptionalLong.of(256L << 20));
        assertThat(node.tier()).contains(new TierExpectation.SlowerThanCpuNodes());
        assertThat(node.access()).containsOnlyKeys("access0");
        ExpectedAccess access0 = node.access().get("access0");
        assertThat(access0.initiators()).contains(List.of(0));
        assertThat(access0.readLatencyNs()).isEqualTo(OptionalLong.of(250));
        assertThat(access0.writeLatencyNs()).isEqualTo(OptionalLong.of(300));
        assertThat(access0.readBandwidthMBps()).isEqualTo(OptionalLong.of(8192));
        assertThat(access0.writeBandwidthMBps()).isEqualTo(OptionalLong.of(4096));
    }

    @Test
    void aNodeWithoutIdAndAnExactTier() {
        DriverExpectation expectation = ExpectationFile.parse("nodes:\n  - {size: 1G, tier: 22}\n", "e.yaml");

        assertThat(expectation.nodeCount()).isEmpty();
        assertThat(expectation.nodes().get(0).node()).isEmpty();
        assertThat(expectation.nodes().get(0).tier()).contains(new TierExpectation.Exactly(22));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            node_count: 1\\nnode: 2                           | e.yaml: node: unknown field; use one of: node_count, nodes
            nodes:\\n  - {node: 2, sise: 256M}                | e.yaml: nodes[0].sise: unknown field; use one of: access0, access1, node, size, tier
            nodes:\\n  - {node: 2, access0: {read_latency: 250}} | e.yaml: nodes[0].access0.read_latency: latency '250' is not understood; write whole nanoseconds or microseconds with the unit, e.g. 120ns or 2us
            nodes:\\n  - {node: 2, access0: {read_bandwidth: 8GB/s}} | e.yaml: nodes[0].access0.read_bandwidth: bandwidth '8GB/s' is not understood
            nodes:\\n  - {node: -1}                           | e.yaml: nodes[0].node: '-1' is not a whole number of 0 or more
            nodes:\\n  - {node: 2, tier: slow}                | e.yaml: nodes[0].tier: 'slow' is neither a tier number (memory_tierN) nor slower-than-cpu-nodes
            nodes:\\n  - {node: 2, access0: {initiators: []}} | e.yaml: nodes[0].access0.initiators: must be a non-empty list of node ids, e.g. [0]
            nodes:\\n  - {node: 2, size:}                     | e.yaml: nodes[0].size: has no value; give one or remove the field
            node_count: one                                  | e.yaml: node_count: 'one' is not a whole number of 0 or more
            nodes: {node: 2}                                 | e.yaml: nodes: must be a list of nodes
            nodes:\\n  - 2                                    | e.yaml: nodes[0] must be a mapping of access0, access1, node, size, tier
            - 1                                              | e.yaml: the file must be a mapping of node_count, nodes
            '# nothing'                                      | e.yaml: empty expect file
            node_count: 1\\nnode_count: 2                     | e.yaml: not valid YAML: Duplicate field 'node_count'
            'nodes: ['                                       | e.yaml: not valid YAML
            """)
    void aMalformedFileIsBadInputNamingFileAndField(String yaml, String message) {
        assertThatThrownBy(() -> ExpectationFile.parse(yaml.replace("\\n", "\n"), "e.yaml"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((BadInputException) e).exitCode()).isEqualTo(2))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingFileIsBadInput(@TempDir Path dir) {
        assertThatThrownBy(() -> ExpectationFile.read(dir.resolve("none.yaml")))
                .isInstanceOf(BadInputException.class).hasMessage(dir.resolve("none.yaml") + ": no such expect file");
    }
}
