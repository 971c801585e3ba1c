package org.hmsabi.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path results;

    @Test
    void oneResultPerCaseWithTheDocumentedFields() throws IOException {
        AllureWriter.write(Outcomes.failing(), results);
        List<JsonNode> all = results(results.resolve("allure-results"));

        assertThat(all).hasSize(5); // 2 topologies + 3 checks
        assertThat(all).allSatisfy(result -> {
            assertThat(result.path("uuid").asText()).matches("[0-9a-f-]{36}");
            assertThat(result.path("historyId").asText()).matches("[0-9a-f]{32}");
            assertThat(result.path("stage").asText()).isEqualTo("finished");
            assertThat(result.path("status").asText()).isIn("passed", "failed", "broken", "skipped");
            assertThat(result.path("stop").asLong()).isGreaterThanOrEqualTo(result.path("start").asLong());
            assertThat(result.path("start").asLong()).isEqualTo(Outcomes.STARTED.toEpochMilli());
            assertThat(label(result, "parentSuite")).isEqualTo("debian:6.1.0-56 → debian:6.12.115+deb12");
        });
        JsonNode hbm = byFullName(all, "hmsabi.abi-diff.two-socket-hbm");
        assertThat(hbm.path("name").asText()).isEqualTo("ABI diff on two-socket-hbm");
        assertThat(hbm.path("status").asText()).isEqualTo("failed");
        assertThat(hbm.path("statusDetails").path("message").asText()).contains("REMOVED (stable) node 1 access0 read_latency");
        assertThat(hbm.path("statusDetails").path("trace").asText()).contains("reproduce: ./hmsabi gate");
        assertThat(label(hbm, "suite")).isEqualTo("abi-diff");
        assertThat(labels(hbm, "tag")).contains("two-socket-hbm");
        assertThat(byFullName(all, "hmsabi.abi-diff.hms-4s32g").path("status").asText()).isEqualTo("broken");
        assertThat(byFullName(all, "hmsabi.syscalls.two-socket-hbm.set_mempolicy_weighted_interleave[debian:6.1.0-56]")
                .path("status").asText()).isEqualTo("skipped");
    }

    /**
     * Every case lands in the category its outcome means, as Allure assigns them: the first
     * category whose statuses include the case's and whose pattern matches its whole message.
     */
    @Test
    void categoriesSortRegressionsWarningsWaiversInfrastructureAndSkips() throws IOException {
        AllureWriter.write(Outcomes.failing(), results);
        JsonNode categories = JSON.readTree(results.resolve("allure-results/categories.json").toFile());
        List<JsonNode> all = results(results.resolve("allure-results"));

        assertThat(categoryOf(categories, byFullName(all, "hmsabi.abi-diff.two-socket-hbm"))).isEqualTo("ABI regressions");
        assertThat(categoryOf(categories, byFullName(all, "hmsabi.abi-diff.hms-4s32g"))).isEqualTo("Infrastructure failures");
        assertThat(categoryOf(categories, byFullName(all,
                "hmsabi.conformance.two-socket-hbm.distance_symmetric[debian:6.12.115+deb12]"))).isEqualTo("Failed checks");
        assertThat(categoryOf(categories, byFullName(all,
                "hmsabi.syscalls.two-socket-hbm.set_mempolicy_weighted_interleave[debian:6.1.0-56]"))).isEqualTo("Skipped");

        AllureWriter.write(Outcomes.passing(), results);
        JsonNode warned = byFullName(results(results.resolve("allure-results")), "hmsabi.abi-diff.two-socket-hbm");
        assertThat(categoryOf(categories, warned)).isEqualTo("Testing-ABI warnings");
    }

    private static String categoryOf(JsonNode categories, JsonNode result) {
        String status = result.path("status").asText();
        String message = result.path("statusDetails").path("message").asText("");
        for (JsonNode category : categories) {
            boolean statusMatches = false;
            for (JsonNode matched : category.path("matchedStatuses")) {
                statusMatches |= matched.asText().equals(status);
            }
            String regex = category.path("messageRegex").asText(".*");
            if (statusMatches && java.util.regex.Pattern.compile(regex).matcher(message).matches()) {
                return category.path("name").asText();
            }
        }
        return "none";
    }

    @Test
    void theEnvironmentNamesTheQemuThatBootedTheGuests() throws IOException {
        AllureWriter.write(Outcomes.failing().withQemu("host: QEMU emulator version 7.2.19 (Debian 1:7.2+dfsg-7+deb12u18)"), results);

        assertThat(results.resolve("allure-results/environment.properties")).content()
                .contains("\nqemu=host: QEMU emulator version 7.2.19 (Debian 1:7.2+dfsg-7+deb12u18)\n");
    }

    @Test
    void attachmentsAreWrittenBesideTheResults() throws IOException {
        AllureWriter.write(Outcomes.failing(), results);
        Path directory = results.resolve("allure-results");
        JsonNode hbm = byFullName(results(directory), "hmsabi.abi-diff.two-socket-hbm");

        List<String> types = new ArrayList<>();
        for (JsonNode attachment : hbm.path("attachments")) {
            types.add(attachment.path("type").asText());
            Path file = directory.resolve(attachment.path("source").asText());
            assertThat(file).exists();
            assertThat(attachment.path("source").asText()).contains("-attachment.");
        }
        assertThat(types).containsExactly("text/plain", "text/plain", "text/html", "image/svg+xml");
        String table = Files.readString(directory.resolve(hbm.path("attachments").get(2).path("source").asText()));
        assertThat(table).contains("<table>").contains("<td>node 1 access0 read_latency</td>").contains("meminfo column widths");
        assertThat(directory.resolve("environment.properties")).content().contains("candidate=debian:6.12.115+deb12");
    }

    @Test
    void hugeConsoleKeepsItsTail() throws IOException {
        String console = "early line\n" + "x".repeat(79).concat("\n").repeat(10_000) + "the last line\n";
        AllureWriter.write(Outcomes.withConsole(console), results);
        Path directory = results.resolve("allure-results");
        JsonNode run = results(directory).get(0);
        String kept = Files.readString(directory.resolve(run.path("attachments").get(0).path("source").asText()));

        assertThat(kept.length()).isLessThan(ConsoleTail.ATTACHMENT_CHARS + 200);
        assertThat(kept).startsWith("[hmsabi: ").endsWith("the last line\n").doesNotContain("early line");
    }

    @Test
    void aSecondRunReplacesTheFirstRunsResults() throws IOException {
        AllureWriter.write(Outcomes.failing(), results);
        AllureWriter.write(Outcomes.empty(), results);

        try (Stream<Path> files = Files.list(results.resolve("allure-results"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("environment.properties", "categories.json");
        }
    }

    static List<JsonNode> results(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<JsonNode> out = new ArrayList<>();
            for (Path file : files.filter(path -> path.toString().endsWith("-result.json")).sorted().toList()) {
                out.add(JSON.readTree(file.toFile()));
            }
            return out;
        }
    }

    private static JsonNode byFullName(List<JsonNode> all, String fullName) {
        return all.stream().filter(result -> result.path("fullName").asText().equals(fullName)).findFirst()
                .orElseThrow(() -> new AssertionError(fullName + " not among " + all.stream().map(r -> r.path("fullName").asText()).toList()));
    }

    private static String label(JsonNode result, String name) {
        return labels(result, name).get(0);
    }

    private static List<String> labels(JsonNode result, String name) {
        List<String> values = new ArrayList<>();
        result.path("labels").forEach(label -> {
            if (label.path("name").asText().equals(name)) {
                values.add(label.path("value").asText());
            }
        });
        return values;
    }
}
