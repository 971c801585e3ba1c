package org.hmsabi.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.hmsabi.Workspace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopologyWriterTest {

    @ParameterizedTest
    @ValueSource(strings = {"single-node", "two-socket", "two-socket-hbm", "cxl-far-memory", "device-memory", "hms-4s32g"})
    void writingAndLoadingAShippedFixtureKeepsItsContent(String name) {
        Path fixtures = Workspace.locate(Optional.empty()).topologiesDir();
        Topology shipped = TopologyLoader.load(name, fixtures);
        String yaml = TopologyWriter.yaml(shipped, "rewritten");
        Topology reloaded = TopologyLoader.parse(yaml, "rewritten.yaml", "rewritten");
        assertThat(reloaded.contentHash()).as(yaml).isEqualTo(shipped.contentHash());
    }
}
