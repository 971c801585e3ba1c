package org.hmsabi.topology;

import org.hmsabi.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code load} finds a fixture: a bare name in the fixtures directory, anything else a path. */
class TopologyLoaderTest {

    @TempDir
    Path dir;

    @Test
    void aBareNameIsAFileInTheFixturesDirectory() throws IOException {
        Files.writeString(dir.resolve("tiny.yaml"), "nodes:\n  - {id: 0, cpus: 1, memory: 256M}\n");

        assertThat(TopologyLoader.load("tiny", dir).name()).isEqualTo("tiny");
    }

    @Test
    void anythingElseIsAPathAndNamesTheTopologyAfterTheFile() throws IOException {
        Path file = dir.resolve("shrunk-1.yaml");
        Files.writeString(file, "nodes:\n  - {id: 0, cpus: 1, memory: 256M}\n");

        Topology topology = TopologyLoader.load(file.toString(), ShippedFixtures.directory());

        assertThat(topology.name()).isEqualTo("shrunk-1");
    }

    @Test
    void anUnknownNameListsTheFixturesThereAre() {
        assertThatThrownBy(() -> TopologyLoader.load("two-sockets", ShippedFixtures.directory()))
                .isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("two-sockets.yaml: no topology fixture 'two-sockets'; use one of: cxl-expander, cxl-far-memory, cxl-interleave,"
                        + " device-memory, gpu-generic-initiator, hms-4s32g, single-node, two-socket, two-socket-hbm, or a path to a YAML file");
    }

    @Test
    void aMissingPathIsNamed() {
        String missing = dir.resolve("nope.yaml").toString();

        assertThatThrownBy(() -> TopologyLoader.load(missing, dir))
                .isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": no such topology file; give an existing YAML path or a fixture name");
    }

    @Test
    void messagesNameTheFileAsResolved() throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "nodes:\n  - {id: 0, memory: 256M}\n");

        assertThatThrownBy(() -> TopologyLoader.load("broken", dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(dir.resolve("broken.yaml") + ": node 0 ");
    }

    @Test
    void badInputMeansExitCode2() {
        assertThatThrownBy(() -> TopologyLoader.load("absent", dir))
                .isInstanceOfSatisfying(BadInputException.class, error -> assertThat(error.exitCode()).isEqualTo(2));
    }
}
