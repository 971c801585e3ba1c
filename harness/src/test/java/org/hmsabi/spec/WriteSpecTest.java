package org.hmsabi.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hmsabi.BadInputException;
import org.hmsabi.kernel.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** spec/writes.yaml: the shipped file loads, bad files are one line naming the file, the judge. */
class WriteSpecTest {
    private static final KernelVersion V6_12 = KernelVersion.parse("6.12.117");
    private static final KernelVersion V7_3 = KernelVersion.parse("7.3.4");
    private static final KernelVersion V6_1 = KernelVersion.parse("6.1.0");

    @Test
    void theShippedSpecCoversTheWritableAttributesOfTheIssue() {
        WriteSpec spec = WriteSpec.load(repo().resolve("spec/writes.yaml"));
        assertThat(spec.attributes()).extracting(WriteSpec.Attribute::path).contains(
                "/sys/kernel/mm/mempolicy/weighted_interleave/node<N>", "/sys/kernel/mm/mempolicy/weighted_interleave/auto",
                "/sys/kernel/mm/numa/demotion_enabled", "/proc/sys/kernel/numa_balancing",
                "/sys/devices/system/memory/memory<N>/state", "/sys/devices/system/memory/auto_online_blocks");
        // Every attribute has an accepted and a refused write, and a too-long one where a store parses it.
        for (WriteSpec.Attribute attribute : spec.attributes()) {
            assertThat(attribute.writes()).as(attribute.id()).anyMatch(c -> c.expect() instanceof WriteSpec.Expectation.Refused);
            assertThat(attribute.writes()).as(attribute.id()).anyMatch(c -> c.expect() instanceof WriteSpec.Expectation.Accepted);
        }
    }

    @Test
    void kernelRangesPickTheCasesOfAKernel() {
        WriteSpec spec = WriteSpec.bundled();
        WriteSpec.Attribute weight = spec.attribute("weighted_interleave/node").orElseThrow();
        assertThat(spec.attributesFor(V6_1)).extracting(WriteSpec.Attribute::id).doesNotContain("weighted_interleave/node",
                "weighted_interleave/auto");
        assertThat(spec.attributesFor(V6_12)).extracting(WriteSpec.Attribute::id).contains("weighted_interleave/node")
                .doesNotContain("weighted_interleave/auto");
        WriteSpec.Case zero612 = weight.writesFor(V6_12).stream().filter(c -> c.value().equals("0")).findFirst().orElseThrow();
        WriteSpec.Case zero73 = weight.writesFor(V7_3).stream().filter(c -> c.value().equals("0")).findFirst().orElseThrow();
        assertThat(zero612.expect()).isEqualTo(new WriteSpec.Expectation.Accepted(Optional.of("1")));
        assertThat(zero73.expect()).isEqualTo(new WriteSpec.Expectation.Refused("EINVAL"));
        // The same id on both: the diff pairs them and shows the changed errno.
        assertThat(weight.caseId(zero612)).isEqualTo(weight.caseId(zero73)).isEqualTo("weighted_interleave/node/0");
    }

    @Test
    void numberedPathsTakeTheNumberFromAListingOnly() {
        WriteSpec.Attribute state = WriteSpec.bundled().attribute("memory/block-state").orElseThrow();
        assertThat(state.parent()).isEqualTo("/sys/devices/system/memory");
        assertThat(state.numberOf("/sys/devices/system/memory/memory32")).contains(32);
        assertThat(state.numberOf("/sys/devices/system/memory/memory32x")).isEmpty();
        assertThat(state.numberOf("/sys/devices/system/memory/../memory1")).isEmpty();
        assertThat(state.numberOf("/sys/devices/system/memory/auto_online_blocks")).isEmpty();
        assertThat(state.instance(32)).isEqualTo("/sys/devices/system/memory/memory32/state");
    }

    @Test
    void theJudgeSaysWhatDiffers() {
        WriteSpec spec = WriteSpec.bundled();
        WriteSpec.Attribute demotion = spec.attribute("numa/demotion_enabled").orElseThrow();
        WriteSpec.Case yes = demotion.writes().stream().filter(c -> c.value().equals("yes")).findFirst().orElseThrow();
        WriteSpec.Case two = demotion.writes().stream().filter(c -> c.value().equals("2")).findFirst().orElseThrow();
        WriteSpec.Case empty = demotion.writes().stream().filter(c -> c.value().isEmpty()).findFirst().orElseThrow();
        Optional<String> before = Optional.of("false");
        assertThat(spec.judge(demotion, yes, V6_12, Optional.of("0644"), "ok", Optional.of("true"), before)).isEmpty();
        assertThat(spec.judge(demotion, yes, V6_12, Optional.of("0644"), "ok", Optional.of("false"), before)).get().asString()
                .contains("numa/demotion_enabled/yes", "reads 'false'", "'true'", "spec/writes.yaml");
        assertThat(spec.judge(demotion, yes, V6_12, Optional.of("0644"), "EINVAL", Optional.of("false"), before)).get().asString()
                .contains("EINVAL, the spec says accepted");
        assertThat(spec.judge(demotion, two, V6_12, Optional.of("0644"), "ok", Optional.of("true"), before)).get().asString()
                .contains("accepted, the spec says EINVAL");
        assertThat(spec.judge(demotion, two, V6_12, Optional.of("0600"), "EINVAL", Optional.empty(), before)).get().asString()
                .contains("mode 0600, the spec says 0644");
        assertThat(spec.judge(demotion, empty, V6_12, Optional.of("0644"), "ok", Optional.of("false"), before)).isEmpty();
        assertThat(spec.judge(demotion, empty, V6_12, Optional.of("0644"), "ok", Optional.of("true"), before)).get().asString()
                .contains("(unchanged)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "schema: hmsabi-writes/2\nattributes: []\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /etc/passwd, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: x, expect: EINVAL}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/../etc/x, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: x, expect: EINVAL}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: '*', mode: '644', doc: d, source: s, writes: [{value: x, expect: EINVAL}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: 'soon', mode: '0644', doc: d, source: s, writes: [{value: x, expect: EINVAL}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: x, expect: maybe}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: x, expect: ok}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: x, expect: EINVAL, reads: x}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: x, repeat: 100000, expect: EINVAL}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: x, expect: EINVAL}, {value: x, expect: ENOENT}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: '*', mode: '0644', doc: d, source: s, writes: []}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: x, expect: EINVAL}]}\n  - {id: a, path: /sys/b, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: x, expect: EINVAL}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: '*', mode: '0644', doc: d, source: s, unknown: 1, writes: [{value: x, expect: EINVAL}]}\n",
        "schema: hmsabi-writes/1\nattributes:\n  - {id: a, path: /sys/a, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: \"a\\tb\", expect: EINVAL}]}\n",
        "not: [yaml",
    })
    void aBadSpecIsOneLineNamingTheFile(String text, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("writes.yaml");
        Files.writeString(file, text);
        assertThatThrownBy(() -> WriteSpec.load(file)).isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n")
                        .doesNotContain("org.hmsabi").doesNotContain("java."));
    }

    @Test
    void disjointRangesMayRepeatAValue() {
        WriteSpec spec = WriteSpec.parse(new ByteArrayInputStream(("schema: hmsabi-writes/1\nattributes:\n"
                + "  - {id: a, path: /sys/a, kernels: '*', mode: '0644', doc: d, source: s, writes: [{value: x, kernels: '< 6.16',"
                + " expect: EINVAL}, {value: x, kernels: '>= 6.16', expect: ok, reads: x}]}\n").getBytes(StandardCharsets.UTF_8)), "t");
        assertThat(spec.attributes().get(0).writesFor(V6_12)).hasSize(1);
        assertThat(spec.attributes().get(0).writesFor(V7_3)).hasSize(1);
    }

    private static Path repo() {
        return Path.of(System.getProperty("hmsabi.repo", ".."));
    }
}
