package org.hmsabi.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The content hash follows the machine, not the way the YAML was written. */
class ContentHashTest {

    static final List<String> FIXTURES = ShippedFixtures.NAMES;

    private static String text(String fixture) throws IOException {
        return Files.readString(ShippedFixtures.directory().resolve(fixture + ".yaml"));
    }

    private static String hashOf(String yaml, String name) {
        return TopologyLoader.parse(yaml, name + ".yaml", name).contentHash();
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void rewritingAFixtureAsJsonWithKeysReversedKeepsTheHash(String fixture) throws IOException {
        JsonNode tree = new YAMLMapper().readTree(text(fixture));
        // JSON is YAML too: no comments, flow style everywhere, keys in the opposite order.
        String rewritten = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(reversed(tree));

        assertThat(rewritten).doesNotContain("#");
        assertThat(hashOf(rewritten, fixture)).isEqualTo(ShippedFixtures.load(fixture).contentHash());
    }

    private static JsonNode reversed(JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            Collections.reverse(keys);
            ObjectNode copy = new ObjectMapper().createObjectNode();
            keys.forEach(key -> copy.set(key, reversed(node.get(key))));
            return copy;
        }
        if (node.isArray()) {
            var copy = new ObjectMapper().createArrayNode();
            node.forEach(item -> copy.add(reversed(item)));
            return copy;
        }
        return node;
    }

    @Test
    void anEquivalentFixtureWrittenDifferentlyHasTheSameHash() {
        // two-socket-hbm with pairs instead of a matrix, node and target ranges, other units,
        // entries in another order, no comments, and another name and description, which
        // describe the fixture rather than the machine.
        String yaml = """
                description: same machine, other words
                nodes:
                  - {id: 0-1, cpus: 1, memory: 524288K}
                  - {id: 3, memory: 128MiB, initiator: 1}
                  - {id: 2, memory: 134217728, initiator: 0}
                distances:
                  pairs:
                    - {from: 0, to: 1, distance: 21}
                    - {from: 2, to: 0, distance: 13}
                    - {from: 1, to: 3, distance: 13}
                    - {from: 2, to: [1, 3], distance: 23}
                    - {from: 3, to: 0, distance: 23}
                caches:
                  - {node: 3, level: 1, size: 16384K, associativity: direct, policy: write-back, line: 64}
                  - {node: 2, level: 1, size: 16M, associativity: direct, policy: write-back, line: 64}
                hmat:
                  - {initiator: 1, target: 3, latency: 120ns, bandwidth: 81920MiB/s}
                  - {initiator: 0, target: 2, latency: 120ns, bandwidth: 80GiB/s}
                  - {initiator: 0, target: 3, latency: 170ns, bandwidth: 10GiB/s}
                  - {initiator: 1, target: 2, latency: 170ns, bandwidth: 10GiB/s}
                  - {initiator: 0, target: 1, latency: 150ns, bandwidth: 10GiB/s}
                  - {initiator: 1, target: 0, latency: 150ns, bandwidth: 10GiB/s}
                  - {initiator: 0, target: 0, latency: 100ns, bandwidth: 20GiB/s}
                  - {initiator: 1, target: 1, latency: 100ns, bandwidth: 20GiB/s}
                """;

        Topology topology = TopologyLoader.parse(yaml, "other.yaml", "other");

        assertThat(topology.name()).isEqualTo("other");
        assertThat(topology.contentHash()).isEqualTo(ShippedFixtures.load("two-socket-hbm").contentHash());
    }

    @Test
    void theHashIsHexSha256OfTheCanonicalJson() {
        Topology topology = ShippedFixtures.load("two-socket");

        assertThat(topology.contentHash()).matches("[0-9a-f]{64}");
        assertThat(topology.canonicalJson()).startsWith("{\"caches\":[],\"distances\":[[10,21],[21,10]],\"hmat\":[],")
                .contains("\"schema\":1");
    }

    @Test
    void everySemanticChangeChangesTheHash() throws IOException {
        String original = text("two-socket-hbm");
        List<String> changed = List.of(
                original.replace("[10, 21, 13, 23]", "[10, 22, 13, 23]").replace("[21, 10, 23, 13]", "[22, 10, 23, 13]"),
                original.replace("{id: 2, memory: 128M", "{id: 2, memory: 256M"),
                original.replace("{initiator: 0, target: 2, latency: 120ns", "{initiator: 0, target: 2, latency: 130ns"),
                original.replace("line: 64", "line: 128"),
                original.replace("associativity: direct", "associativity: complex"),
                original.replace("{id: 3, memory: 128M, initiator: 1}", "{id: 3, memory: 128M, initiator: 0}"),
                original + "hotplug:\n  maxmem: 2G\n");
        String hash = hashOf(original, "two-socket-hbm");

        List<String> hashes = changed.stream().map(yaml -> hashOf(yaml, "two-socket-hbm")).toList();

        assertThat(hashes).doesNotContain(hash).doesNotHaveDuplicates();
    }

    @Test
    void distinctFixturesHaveDistinctHashes() {
        assertThat(FIXTURES.stream().map(name -> ShippedFixtures.load(name).contentHash())).doesNotHaveDuplicates();
    }
}
