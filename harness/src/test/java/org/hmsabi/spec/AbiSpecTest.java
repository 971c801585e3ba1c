package org.hmsabi.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hmsabi.BadInputException;
import org.hmsabi.kernel.KernelRange;
import org.hmsabi.kernel.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AbiSpecTest {

    @Test
    void patternsMatchNumbersSegmentsAndSubtrees() {
        assertThat(PathPattern.of("/a/node<N>/access<N>/x").matches("/a/node12/access0/x")).isTrue();
        assertThat(PathPattern.of("/a/node<N>/x").matches("/a/nodeX/x")).isFalse();
        assertThat(PathPattern.of("/a/*/x").matches("/a/b/x")).isTrue();
        assertThat(PathPattern.of("/a/*/x").matches("/a/b/c/x")).isFalse();
        assertThat(PathPattern.of("**/power/runtime_active_time").matches("/sys/x/y/power/runtime_active_time")).isTrue();
        assertThat(PathPattern.of("/a.b").matches("/aXb")).isFalse();
    }

    @Test
    void bundledSpecClassifiesTheCoreAttributes() {
        AbiSpec spec = AbiSpec.bundled();
        AttributeRule latency = spec.ruleFor("/sys/devices/system/node/node2/access0/initiators/read_latency");
        assertThat(latency.valueClass()).isEqualTo(ValueClass.CONFIG);
        assertThat(latency.stability()).isEqualTo(Stability.STABLE);
        assertThat(spec.ruleFor("/sys/devices/virtual/memory_tiering/memory_tier4/nodelist").stability())
                .isEqualTo(Stability.TESTING);
        AttributeRule meminfo = spec.ruleFor("/sys/devices/system/node/node0/meminfo");
        assertThat(meminfo.shape()).isEqualTo(Shape.TABLE);
        assertThat(meminfo.rowClass("MemTotal")).isEqualTo(ValueClass.DETERMINISTIC);
        assertThat(meminfo.rowClass("MemFree")).isEqualTo(ValueClass.VOLATILE);
        assertThat(spec.find("/sys/devices/system/node/node0/unheard_of")).isEmpty();
        assertThat(spec.ruleFor("/sys/devices/system/node/node0/unheard_of").stability()).isEqualTo(Stability.UNDOCUMENTED);
    }

    @Test
    void aBrokenSpecFileIsBadInputNamingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("attributes.yaml");
        Files.writeString(file, "attributes:\n  - path: /x\n    class: sometimes\n    stability: stable\n");
        assertThatThrownBy(() -> AbiSpec.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file.toString());
    }

    @Test
    void kernelsAndTheOlderSinceUntilFieldsAreOneRange(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("attributes.yaml");
        Files.writeString(file, """
                attributes:
                  - {path: /a, class: deterministic, stability: testing, since: "6.9", until: "6.16"}
                  - {path: /b, class: deterministic, stability: testing, kernels: ">= 6.9, < 6.16"}
                  - {path: /c, class: deterministic, stability: testing, kernels: "6.9..6.15"}
                """);
        List<AttributeRule> rules = AbiSpec.load(file).rules();
        assertThat(rules).extracting(AttributeRule::kernels).extracting(KernelRange::canonical).containsOnly(">= 6.9, < 6.16");
        assertThat(rules).extracting(AttributeRule::since).containsOnly(Optional.of(KernelVersion.of(6, 9)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{path: /a, class: deterministic, stability: testing, since: \"6.9\", kernels: \">= 6.9\"}",
        "{path: /a, class: deterministic, stability: testing, kernels: \">= 6.16, < 6.9\"}",
        "{path: /a, class: deterministic, stability: testing, kernels: \"debian:6.12.117+deb12\"}",
        "{path: /a, class: deterministic, stability: testing, kernels: \"since 6.9\"}",
    })
    void aBadKernelRangeIsBadInputNamingTheEntry(String entry, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("attributes.yaml");
        Files.writeString(file, "attributes:\n  - " + entry + "\n");
        assertThatThrownBy(() -> AbiSpec.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": entry /a: ");
    }

    @Test
    void untilEndsAnEntrySoALaterEntryOfTheSamePathDecidesOnNewerKernels(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("attributes.yaml");
        Files.writeString(file, """
                attributes:
                  - {path: /x/node<N>, class: deterministic, stability: testing, grammar: integer, since: "6.9", until: "6.16", presence: each-possible-node}
                  - {path: /x/node<N>, class: deterministic, stability: testing, grammar: integer, since: "6.16", presence: each-memory-node}
                """);
        AbiSpec spec = AbiSpec.load(file);
        AttributeRule old = spec.rules().get(0);
        AttributeRule current = spec.rules().get(1);
        assertThat(old.until()).contains(KernelVersion.parse("6.16"));
        assertThat(current.until()).isEmpty();
        assertThat(spec.find("/x/node3", Optional.of(KernelVersion.parse("6.15")))).contains(old);
        assertThat(spec.find("/x/node3", Optional.of(KernelVersion.parse("6.16")))).contains(current);
        assertThat(spec.find("/x/node3", Optional.of(KernelVersion.parse("7.3")))).contains(current);
        assertThat(spec.find("/x/node3", Optional.empty())).contains(old);
        assertThat(spec.find("/x/node3")).contains(old);
        assertThat(old.expectedOn(Optional.of(KernelVersion.parse("6.12")))).isTrue();
        assertThat(old.expectedOn(Optional.of(KernelVersion.parse("6.16")))).isFalse();
        assertThat(old.expectedOn(Optional.of(KernelVersion.parse("6.8")))).isFalse();
        assertThat(current.expectedOn(Optional.of(KernelVersion.parse("7.3")))).isTrue();
    }

    @Test
    void anUntilNotAfterSinceIsBadInputNamingTheEntry(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("attributes.yaml");
        Files.writeString(file, "attributes:\n  - {path: /x/y, class: config, stability: stable, since: \"6.16\", until: \"6.16\"}\n");
        assertThatThrownBy(() -> AbiSpec.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("entry /x/y").hasMessageContaining("holds no version: from 6.16 to before 6.16");
    }

    @Test
    void theBundledSpecParsesEveryUntilAndPresence() {
        assertThat(AbiSpec.bundled().rules()).allSatisfy(rule -> rule.until().ifPresent(until ->
                assertThat(until).isGreaterThan(rule.since().orElseThrow())));
    }
}
