package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.GuestRecord;
import org.hmsabi.gate.TopologyRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KCIDB I/O schema v4.5 rules the writer must keep, written down here because the schema
 * itself is not part of this repository: required properties, the properties allowed (the
 * schema forbids others), id and origin patterns, the path pattern, the status values,
 * date-time strings, no nulls, log_excerpt at most 16384 characters.
 */
class KcidbWriterTest {
    private static final String ID = "^[a-z0-9_]+:.*$";
    private static final String ORIGIN = "^[a-z0-9_]+$";
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "checkouts", List.of("id", "origin"),
            "builds", List.of("id", "origin", "checkout_id"),
            "tests", List.of("id", "origin", "build_id"));
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "checkouts", Set.of("_timestamp", "id", "origin", "tree_name", "git_repository_url", "git_commit_hash",
                    "git_commit_name", "git_commit_tags", "git_commit_message", "git_repository_branch",
                    "git_repository_branch_tip", "patchset_files", "patchset_hash", "message_id", "comment", "start_time",
                    "contacts", "log_url", "log_excerpt", "valid", "misc"),
            "builds", Set.of("_timestamp", "checkout_id", "id", "origin", "comment", "start_time", "duration", "architecture",
                    "command", "compiler", "input_files", "output_files", "config_name", "config_url", "log_url",
                    "log_excerpt", "valid", "misc"),
            "tests", Set.of("_timestamp", "build_id", "id", "origin", "environment", "path", "comment", "log_url",
                    "log_excerpt", "status", "number", "waived", "start_time", "duration", "output_files", "misc"));
    private static final Set<String> STATUSES = Set.of("FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP");

    @TempDir
    Path results;

    @Test
    void failingRunKeepsTheSchemaRules() throws Exception {
        JsonNode root = new ObjectMapper().readTree(KcidbWriter.write(Outcomes.failing(), results).toFile());
        assertSchemaRules(root);
    }

    @Test
    void passingEmptyAndHugeConsoleRunsKeepTheSchemaRules() {
        assertSchemaRules(KcidbWriter.render(Outcomes.passing()));
        assertSchemaRules(KcidbWriter.render(Outcomes.empty()));
        assertSchemaRules(KcidbWriter.render(Outcomes.failing()));
    }

    @Test
    void oneCheckoutAndBuildPerKernelAndTestsPerTopologyFindingAndCheck() {
        JsonNode root = KcidbWriter.render(Outcomes.failing());

        assertThat(root.path("checkouts")).extracting(node -> node.path("id").asText())
                .containsExactly("hmsabi:debian:6.1.0-56", "hmsabi:debian:6.12.115+deb12");
        assertThat(root.path("builds")).extracting(node -> node.path("id").asText())
                .containsExactly("hmsabi:debian:6.1.0-56:linux-image-6.1.0-56-amd64-unsigned",
                        "hmsabi:debian:6.12.115+deb12:linux-image-6.12.115+deb12-amd64-unsigned");
        List<JsonNode> tests = list(root.path("tests"));
        // 2 topologies + 4 findings + 3 checks
        assertThat(tests).hasSize(9);
        JsonNode hbm = byPath(tests, "hmsabi.abi-diff.two-socket-hbm");
        assertThat(hbm.path("status").asText()).isEqualTo("FAIL");
        assertThat(hbm.path("build_id").asText()).endsWith("linux-image-6.12.115+deb12-amd64-unsigned");
        assertThat(hbm.path("environment").path("misc").path("topology").asText()).isEqualTo("two-socket-hbm");
        assertThat(hbm.path("environment").path("misc").path("kernel").asText()).isEqualTo("debian:6.12.115+deb12");
        assertThat(byPath(tests, "hmsabi.abi-diff.hms-4s32g").path("status").asText()).isEqualTo("ERROR");
        assertThat(byPath(tests, "hmsabi.abi-diff.hms-4s32g").path("log_excerpt").asText()).contains("Kernel panic");
        assertThat(byPath(tests, "hmsabi.abi-diff.two-socket-hbm.REMOVED_node_1_access0_read_latency").path("status").asText())
                .isEqualTo("FAIL");
        JsonNode waived = byPath(tests, "hmsabi.abi-diff.two-socket-hbm.FORMAT_CHANGED_node_0_meminfo");
        assertThat(waived.path("waived").asBoolean()).isTrue();
        assertThat(waived.path("misc").path("waiver").asText()).contains("meminfo column widths");
        assertThat(byPath(tests, "hmsabi.abi-diff.two-socket-hbm.VALUE_CHANGED_node_2_memory_tier").path("status").asText())
                .isEqualTo("PASS");
        assertThat(byPath(tests, "hmsabi.syscalls.two-socket-hbm.set_mempolicy_weighted_interleave").path("status").asText())
                .isEqualTo("SKIP");
        assertThat(byPath(tests, "hmsabi.syscalls.two-socket-hbm.set_mempolicy_weighted_interleave").path("build_id").asText())
                .contains("6.1.0-56");
    }

    @Test
    void hugeConsoleIsCutToTheExcerptLimit() {
        GateOutcome outcome = Outcomes.failing();
        TopologyRun hms = outcome.runs().get(1);
        String console = "x".repeat(100) + "\n";
        GuestRecord huge = new GuestRecord(Outcomes.CAND, "", "hms-4s32g", java.time.Duration.ZERO, java.util.Optional.empty(),
                java.util.Optional.of(console.repeat(50_000)), java.util.Optional.of("panic"));
        TopologyRun hugeRun = new TopologyRun(hms.topology(), hms.status(), hms.problem(), List.of(huge), List.of(), List.of(),
                java.util.Optional.empty(), hms.reproduce());
        JsonNode root = KcidbWriter.render(Outcomes.outcome(List.of(hugeRun)));

        assertSchemaRules(root);
        assertThat(root.path("tests").get(0).path("log_excerpt").asText()).startsWith("[hmsabi: ").contains("cut");
    }

    static void assertSchemaRules(JsonNode root) {
        assertThat(root.path("version").path("major").asInt()).isEqualTo(4);
        assertThat(root.path("version").path("minor").asInt()).isBetween(0, 5);
        Set<String> topLevel = new HashSet<>();
        root.fieldNames().forEachRemaining(topLevel::add);
        assertThat(topLevel).isSubsetOf("version", "checkouts", "builds", "tests", "issues", "incidents");
        assertNoNulls(root);
        for (String kind : List.of("checkouts", "builds", "tests")) {
            for (JsonNode object : list(root.path(kind))) {
                Set<String> names = new HashSet<>();
                object.fieldNames().forEachRemaining(names::add);
                assertThat(names).as(kind).containsAll(REQUIRED.get(kind)).isSubsetOf(ALLOWED.get(kind));
                assertThat(object.path("id").asText()).matches(ID);
                assertThat(object.path("origin").asText()).matches(ORIGIN);
                object.fieldNames().forEachRemaining(name -> {
                    if (name.endsWith("_id")) {
                        assertThat(object.path(name).asText()).matches(ID);
                    }
                });
                if (object.has("start_time")) {
                    OffsetDateTime.parse(object.path("start_time").asText());
                }
                if (object.has("log_excerpt")) {
                    assertThat(object.path("log_excerpt").asText().codePointCount(0, object.path("log_excerpt").asText().length()))
                            .isLessThanOrEqualTo(16384);
                }
            }
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode test : list(root.path("tests"))) {
            ids.add(test.path("id").asText());
            assertThat(test.path("path").asText()).matches("^[.a-zA-Z0-9_-]*$");
            assertThat(test.path("status").asText()).isIn(STATUSES);
            assertThat(test.path("duration").isMissingNode() || test.path("duration").isNumber()).isTrue();
            assertThat(test.path("environment").isObject()).isTrue();
            Set<String> environment = new HashSet<>();
            test.path("environment").fieldNames().forEachRemaining(environment::add);
            assertThat(environment).isSubsetOf("compatible", "comment", "misc");
        }
        assertThat(ids).doesNotHaveDuplicates();
        Set<String> buildIds = new HashSet<>();
        list(root.path("builds")).forEach(build -> buildIds.add(build.path("id").asText()));
        assertThat(list(root.path("tests"))).allSatisfy(test -> assertThat(buildIds).contains(test.path("build_id").asText()));
    }

    private static void assertNoNulls(JsonNode node) {
        assertThat(node.isNull()).isFalse();
        node.forEach(KcidbWriterTest::assertNoNulls);
    }

    private static JsonNode byPath(List<JsonNode> tests, String path) {
        return tests.stream().filter(test -> test.path("path").asText().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no test with path " + path + " in "
                        + tests.stream().map(test -> test.path("path").asText()).toList()));
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
