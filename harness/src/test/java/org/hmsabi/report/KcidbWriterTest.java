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
 * What kcidb.json says and the KCIDB I/O schema v5.3 rules the writer must keep beyond what a
 * JSON schema can say (KcidbSchemaTest validates the documents against hmsabi's description of
 * the schema): ids unique, every test's build and every incident's test and issue present.
 */
class KcidbWriterTest {
    private static final String ID = "^[a-z0-9_]+:.*$";
    private static final String ORIGIN = "^[a-z0-9_]+$";
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "checkouts", List.of("id", "origin"),
            "builds", List.of("id", "origin", "checkout_id"),
            "tests", List.of("id", "origin", "build_id"),
            "issues", List.of("id", "origin", "version"),
            "incidents", List.of("id", "origin", "issue_id", "issue_version"));
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "checkouts", Set.of("_timestamp", "id", "origin", "tree_name", "git_repository_url", "git_commit_hash",
                    "git_commit_name", "git_commit_tags", "git_commit_message", "git_repository_branch",
                    "git_repository_branch_tip", "patchset_files", "patchset_hash", "message_id", "comment", "start_time",
                    "log_url", "log_excerpt", "valid", "misc", "origin_builds_finish_time", "origin_tests_finish_time"),
            "builds", Set.of("_timestamp", "checkout_id", "id", "origin", "comment", "start_time", "duration", "architecture",
                    "command", "compiler", "input_files", "output_files", "config_name", "config_url", "log_url",
                    "log_excerpt", "status", "misc"),
            "tests", Set.of("_timestamp", "build_id", "id", "origin", "environment", "path", "comment", "log_url",
                    "log_excerpt", "status", "number", "start_time", "duration", "input_files", "output_files", "misc"),
            "issues", Set.of("_timestamp", "id", "version", "origin", "categories", "report_url", "report_subject", "culprit",
                    "comment", "misc"),
            "incidents", Set.of("_timestamp", "id", "origin", "issue_id", "issue_version", "build_id", "test_id", "present",
                    "comment", "misc"));
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
        assertThat(waived.has("waived")).as("v5 has no waived flag").isFalse();
        assertThat(waived.path("misc").path("waiver").asText()).contains("meminfo column widths");
        // v5: a waived test is an incident of the waiver's issue
        assertThat(root.path("issues")).hasSize(1);
        assertThat(root.path("issues").get(0).path("comment").asText()).contains("meminfo column widths");
        assertThat(root.path("incidents")).hasSize(1);
        assertThat(root.path("incidents").get(0).path("test_id").asText()).isEqualTo(waived.path("id").asText());
        assertThat(root.path("incidents").get(0).path("issue_id").asText()).isEqualTo(root.path("issues").get(0).path("id").asText());
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

    @Test
    void theBuildIsThePackageTheKernelCameFromWhateverItsPackaging() {
        String signed = "debian:6.16.12+deb13";
        String split = "debian:7.3.4+deb13";
        List<TopologyRun> runs = List.of(Outcomes.compared("two-socket-hbm", List.of(), List.of()));
        GateOutcome outcome = new GateOutcome(signed, split, false, Outcomes.STARTED, java.time.Duration.ZERO,
                runs, "./hmsabi gate", GateOutcome.Kind.GATE, "", org.hmsabi.gate.RunMatrix.whole(runs), Map.of(signed, Outcomes.debianPackage("linux-image-6.16.12+deb13-amd64", "6.16.12-1~bpo13+1"),
                        split, Outcomes.debianPackage("linux-binary-7.3.4+deb13-amd64", "7.3.4-1~bpo13+1")));
        JsonNode root = KcidbWriter.render(outcome);

        assertSchemaRules(root);
        assertThat(root.path("builds")).extracting(node -> node.path("id").asText())
                .contains("hmsabi:debian:6.16.12+deb13:linux-image-6.16.12+deb13-amd64",
                        "hmsabi:debian:7.3.4+deb13:linux-binary-7.3.4+deb13-amd64");
        JsonNode splitBuild = list(root.path("builds")).stream().filter(b -> b.path("misc").path("kernel").asText().equals(split))
                .findFirst().orElseThrow();
        assertThat(splitBuild.path("comment").asText()).isEqualTo("linux-binary-7.3.4+deb13-amd64 7.3.4-1~bpo13+1");
        assertThat(splitBuild.path("misc").path("package_version").asText()).isEqualTo("7.3.4-1~bpo13+1");
    }

    @Test
    void outcomeJsonKeepsThePackagesSoReportsWrittenFromItNameTheSameBuilds() {
        GateOutcome outcome = Outcomes.empty();
        GateOutcome read = OutcomeJson.read(OutcomeJson.write(outcome, results).getParent());

        assertThat(read.packages()).isEqualTo(outcome.packages());
        assertThat(KcidbWriter.render(read).path("builds")).isEqualTo(KcidbWriter.render(outcome).path("builds"));
    }

    @Test
    void aKernelGivenAsAFileIsABzImageBuild() {
        GateOutcome outcome = new GateOutcome("/tmp/bzImage-a", "/tmp/bzImage-b", false, Outcomes.STARTED, java.time.Duration.ZERO,
                List.of(), "./hmsabi gate");
        assertThat(KcidbWriter.render(outcome).path("builds")).extracting(node -> node.path("id").asText())
                .containsExactly("hmsabi:/tmp/bzImage-a:bzImage", "hmsabi:/tmp/bzImage-b:bzImage");
    }

    @Test
    void anotherOriginRenamesEveryObjectAndIdButNothingElse() {
        JsonNode ours = KcidbWriter.render(Outcomes.failing());
        JsonNode theirs = KcidbWriter.withOrigin(ours, "my_lab", "kcidb.json");

        assertSchemaRules(theirs);
        for (String kind : List.of("checkouts", "builds", "tests", "issues", "incidents")) {
            assertThat(list(theirs.path(kind))).as(kind).hasSameSizeAs(list(ours.path(kind))).allSatisfy(object -> {
                assertThat(object.path("origin").asText()).isEqualTo("my_lab");
                object.fieldNames().forEachRemaining(name -> {
                    if (name.equals("id") || name.endsWith("_id")) {
                        assertThat(object.path(name).asText()).startsWith("my_lab:");
                    }
                });
            });
        }
        assertThat(theirs.path("tests").get(0).path("path")).isEqualTo(ours.path("tests").get(0).path("path"));
        assertThat(ours.path("tests").get(0).path("origin").asText()).as("the original is unchanged").isEqualTo("hmsabi");
    }

    @Test
    void anOriginKcidbRejectsOrAnOlderFileIsOneLineBadInput() {
        JsonNode ours = KcidbWriter.render(Outcomes.passing());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KcidbWriter.withOrigin(ours, "My-Lab", "kcidb.json"))
                .isInstanceOf(org.hmsabi.BadInputException.class).hasMessageContaining("'My-Lab'").hasMessageNotContaining("\n");
        com.fasterxml.jackson.databind.node.ObjectNode old = ours.deepCopy();
        old.putObject("version").put("major", 4).put("minor", 5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KcidbWriter.withOrigin(old, "my_lab", "results/kcidb.json"))
                .isInstanceOf(org.hmsabi.BadInputException.class).hasMessageContaining("results/kcidb.json")
                .hasMessageContaining("4.5");
    }

    static void assertSchemaRules(JsonNode root) {
        KcidbSchemaTest.assertValid(root);
        assertThat(root.path("version").path("major").asInt()).isEqualTo(5);
        assertThat(root.path("version").path("minor").asInt()).isEqualTo(3);
        Set<String> topLevel = new HashSet<>();
        root.fieldNames().forEachRemaining(topLevel::add);
        assertThat(topLevel).isSubsetOf("version", "checkouts", "builds", "tests", "issues", "incidents");
        assertNoNulls(root);
        for (String kind : List.of("checkouts", "builds", "tests", "issues", "incidents")) {
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
            assertThat(test.path("path").asText()).matches("^([a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*)?$");
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
        Set<String> issueIds = new HashSet<>();
        list(root.path("issues")).forEach(issue -> issueIds.add(issue.path("id").asText()));
        assertThat(list(root.path("incidents"))).allSatisfy(incident -> {
            assertThat(ids).contains(incident.path("test_id").asText());
            assertThat(issueIds).contains(incident.path("issue_id").asText());
        });
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
