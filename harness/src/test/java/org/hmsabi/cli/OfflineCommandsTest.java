package org.hmsabi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hmsabi.capture.SyntheticTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** capture, validate and topology --root, end to end on a synthetic machine (and on this one). */
class OfflineCommandsTest {

    @Test
    void aCapturedTreeUnpacksToTheSameTopology(@TempDir Path dir) throws Exception {
        Path machine = SyntheticTree.write(dir.resolve("machine"), List.of(0, 1, 4), 2, "6.12.117+deb12-amd64");
        Path archive = dir.resolve("capture.tar.gz");
        assertThat(Main.run("capture", "--source-root", machine.toString(), "--out", archive.toString())).isZero();
        Path unpacked = unpack(archive, dir.resolve("unpacked"));

        JsonNode json = new ObjectMapper().readTree(run("topology", "--root", unpacked.toString(), "--format", "json"));
        JsonNode memoryOnly = json.path("nodes").get(2);
        assertThat(memoryOnly.path("id").asInt()).isEqualTo(4);
        assertThat(memoryOnly.path("cpus")).isEmpty();
        assertThat(memoryOnly.path("memTotalKiB").asLong()).isEqualTo(524288);
        assertThat(memoryOnly.path("distances").toString()).isEqualTo("{\"0\":30,\"1\":30,\"4\":10}");
        assertThat(memoryOnly.path("access").path("access0").toString()).isEqualTo("{\"initiators\":[0],\"targets\":[],"
                + "\"readLatencyNs\":120,\"writeLatencyNs\":120,\"readBandwidthMBps\":81920,\"writeBandwidthMBps\":81920}");
        assertThat(memoryOnly.path("tier").asInt()).isEqualTo(22);
        assertThat(json.path("nodes").get(0).path("cpus").toString()).isEqualTo("[0,1]");

        assertThat(Main.run("validate", "--root", unpacked.toString(), "--quiet")).isZero();
        assertThat(run("topology", "--root", unpacked.toString(), "--format", "text")).contains("3 nodes, 2 with CPUs, 1 memory-only");
        assertThat(run("topology", "--root", unpacked.toString(), "--format", "svg")).startsWith("<svg");
    }

    @Test
    void aTreeWithoutCpulistTakesTheCpusFromCpumapAndSaysSo(@TempDir Path dir) throws Exception {
        Path machine = SyntheticTree.write(dir.resolve("machine"), List.of(0, 1, 4), 2, "6.12.117+deb12-amd64");
        String node = "sys/devices/system/node/node";
        Files.delete(machine.resolve(node + "0/cpulist"));
        Files.delete(machine.resolve(node + "1/cpulist"));
        Files.writeString(machine.resolve(node + "1/cpumap"), "00000000,0000000c\n"); // two words: CPUs 2 and 3

        JsonNode json = new ObjectMapper().readTree(run("topology", "--root", machine.toString(), "--format", "json"));
        assertThat(json.path("nodes").get(0).path("cpus").toString()).isEqualTo("[0,1]");
        assertThat(json.path("nodes").get(0).path("cpusFrom").asText()).isEqualTo("cpumap");
        assertThat(json.path("nodes").get(1).path("cpus").toString()).isEqualTo("[2,3]");
        assertThat(json.path("nodes").get(2).path("cpus")).isEmpty();
        assertThat(json.path("nodes").get(2).path("cpusFrom").asText()).isEqualTo("cpulist");
        assertThat(run("topology", "--root", machine.toString(), "--format", "text"))
                .contains("3 nodes, 2 with CPUs, 1 memory-only")
                .contains("CPUs of nodes 0-1 read from cpumap: the tree has no readable cpulist there");
    }

    @Test
    void aBrokenTreeFailsValidationAndANonTreeIsBadInput(@TempDir Path dir) throws IOException {
        Path machine = SyntheticTree.write(dir.resolve("machine"), List.of(0, 1), 2, "6.12.117+deb12-amd64");
        Files.delete(machine.resolve("sys/devices/system/node/node1/distance"));
        String output = run("validate", "--root", machine.toString());
        assertThat(output).contains("/sys/devices/system/node/node1/distance: missing", "kernel 6.12.117+deb12-amd64", "DOES NOT CONFORM");
        assertThat(Main.run("validate", "--root", machine.toString())).isEqualTo(Main.FINDINGS);
        assertThat(Main.run("validate", "--root", dir.resolve("nothing").toString())).isEqualTo(Main.USAGE);
        assertThat(Main.run("topology", "--root", machine.toString(), "--format", "png")).isEqualTo(Main.USAGE);
    }

    @Test
    void thisMachinesTreeShowsItsNodes(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/devices/system/node/node0")), "this machine shows no NUMA nodes");
        Path archive = dir.resolve("host.tar.gz");
        assertThat(Main.run("capture", "--out", archive.toString())).isZero();
        JsonNode json = new ObjectMapper().readTree(run("topology", "--root", unpack(archive, dir.resolve("host")).toString()));
        long onHost;
        try (var nodes = Files.list(Path.of("/sys/devices/system/node"))) {
            onHost = nodes.filter(path -> path.getFileName().toString().matches("node[0-9]+")).count();
        }
        assertThat(json.path("nodes").size()).isEqualTo(onHost);
        assertThat(json.path("nodes").get(0).path("distances").size()).isPositive();
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        new CommandLine(new Main()).setOut(new PrintWriter(out, true)).execute(args);
        return out.toString();
    }

    private static Path unpack(Path archive, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", into.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        return into;
    }
}
