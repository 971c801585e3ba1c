package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hmsabi.diff.SnapshotBuilder.NODE;
import static org.hmsabi.diff.SnapshotBuilder.TIERS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.AbiSpec;
import org.junit.jupiter.api.Test;

class RenderingTest {
    private final Snapshot baseline = SnapshotBuilder.fourNodes().build();
    private final Snapshot candidate = SnapshotBuilder.candidateOf(baseline)
            .file(TIERS + "memory_tier4/nodelist", "0-1,3\n").tier("memory_tier1", "2\n")
            .without(NODE + "online").build();
    private final Waivers waivers = Waivers.parse("""
            waivers:
              - {path: /sys/nothing, kernels: "*", reason: stale, link: https://x/1}
              - {finding: ERRNO_CHANGED, kernels: "*", reason: old, link: https://x/2, expires: 2020-01-01}
            """, "w.yaml");
    private final DiffResult result = new SnapshotDiff(AbiSpec.bundled(), waivers, false,
            Clock.fixed(LocalDate.of(2026, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC))
            .compare(baseline, candidate);

    @Test
    void textIsAVerdictATableAndTheWaiversThatDidNothing() {
        String text = DiffText.render(result);

        assertThat(text.lines().toList().get(1)).isEqualTo("FAIL: 1 failures, 1 warnings, 0 information");
        assertThat(text).contains("KIND", "SEVERITY", "STABILITY", "SUBJECT", "BASELINE → CANDIDATE", "PATHS")
                .contains("node 2: memory_tier4 → memory_tier1", "testing", "memory_tier4 → memory_tier1")
                .contains("REMOVED", "FAILURE", NODE + "online", "0-3 → —")
                .contains("unused waivers", "w.yaml entry 1: stale")
                .contains("expired waivers", "w.yaml entry 2: old (expires 2020-01-01)");
        assertThat(text.lines()).noneMatch(line -> line.endsWith(" "));
    }

    @Test
    void jsonIsCanonicalAndCarriesEverything() throws Exception {
        String json = DiffJson.render(result);
        JsonNode tree = new ObjectMapper().readTree(json);

        assertThat(SnapshotFiles.canonical(tree)).isEqualTo(json);
        assertThat(tree.path("verdict").asText()).isEqualTo("fail");
        assertThat(tree.path("counts").path("FAILURE").asInt()).isEqualTo(1);
        assertThat(tree.path("findings")).hasSize(2);
        assertThat(tree.path("findings").get(0).path("severity").asText()).isEqualTo("FAILURE");
        assertThat(tree.path("findings").get(1).path("stability").asText()).isEqualTo("testing");
        assertThat(tree.path("findings").get(1).path("paths").size()).isGreaterThan(3);
        assertThat(tree.path("waivers").path("unused").get(0).path("origin").asText()).isEqualTo("w.yaml entry 1");
        assertThat(tree.path("waivers").path("expired").get(0).path("expires").asText()).isEqualTo("2020-01-01");
        assertThat(tree.path("candidate").path("reference").asText()).isEqualTo("debian:6.12.117+deb12");
    }
}
