package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hmsabi history} on real kernels: the default pair on single-node, once booting both
 * kernels ({@code --update-golden}, into a copy of the repository's fixtures) and once from the
 * repository's golden files; both tell the same history, the copy's golden files were re-recorded
 * and tell it too, and the report has its HTML table.
 */
@Tag("guest")
class HistoryTest {

    private static String history(Path results, String... extra) {
        List<String> defaults = TestGuests.defaultKernelReferences();
        String series = defaults.stream().map(ref -> TestGuests.kernel(ref).exactReference())
                .map(ref -> ref.substring("debian:".length()).replaceFirst("^(\\d+\\.\\d+).*", "$1")).reduce((a, b) -> a + "," + b).orElseThrow();
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("history", "--series", series,
                "--topology", "single-node", "--results", results.toString()), java.util.stream.Stream.of(extra)).toArray(String[]::new);
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.both()).isZero();
        return run.stdout();
    }

    @Test
    void bootingBothKernelsTellsTheHistoryTheGoldenFilesTell(@TempDir Path dir) throws IOException {
        RepositoryCopy copy = RepositoryCopy.of(dir);
        Path singleNode = copy.resolve("fixtures/golden/single-node");
        List<Path> recorded;
        try (var files = Files.list(singleNode)) {
            recorded = files.sorted().toList();
        }
        recorded.forEach(HistoryTest::delete);
        String booted = copy.inside(() -> history(dir.resolve("booted"), "--update-golden"));
        String fromRecorded = copy.inside(() -> history(dir.resolve("recorded")));
        String golden = history(dir.resolve("golden"));

        // --update-golden booted both kernels and wrote their golden files, which tell the same history.
        assertThat(booted).contains("wrote 2 golden files under " + copy.resolve("fixtures/golden"));
        try (var files = Files.list(singleNode)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactlyElementsOf(TestGuests.defaultKernelReferences().stream()
                            .map(ref -> TestGuests.kernel(ref).exactReference().substring("debian:".length()) + ".json").sorted().toList());
        }
        String history = booted.substring(0, booted.indexOf("wrote 2 golden files"));
        assertThat(fromRecorded).isEqualTo(history);
        assertThat(Files.readString(dir.resolve("booted/history/history.txt"))).isEqualTo(history);
        // The waivers' notes name the waivers file, which is the copy's.
        booted = history.replace(copy.root().toString(), copy.repository().toString());

        assertThat(booted).startsWith("history of single-node: ").contains(" change(s): ")
                .contains("/sys/kernel/mm/mempolicy/weighted_interleave/");
        assertThat(booted).isEqualTo(golden);
        assertThat(dir.resolve("booted/history/history.html")).content().contains("<h2 id=\"single-node\">")
                .contains("weighted_interleave");
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
