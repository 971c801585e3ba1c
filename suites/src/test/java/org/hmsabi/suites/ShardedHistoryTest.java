package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hmsabi.cli.Main;
import org.hmsabi.history.HistoryOutcome;
import org.hmsabi.report.HistoryOutcomeJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hmsabi history} as three shards, merged, against the unsharded history: every pinned series
 * from the repository's golden files on four fixtures (one with host-plugged devices, one with a CXL
 * region whose after-region history belongs to its fixture's shard). Merged, the shards print and
 * write the unsharded history byte for byte, with its exit code; a shard left out makes the merge
 * incomplete (exit 3).
 */
@Tag("guest")
class ShardedHistoryTest {
    private static final List<String> FIXTURES = List.of("two-socket-hbm", "cxl-expander", "cxl-far-memory", "single-node");

    private static CliRun history(Path results, String... more) {
        List<String> args = new ArrayList<>(List.of("history", "--results", results.toString()));
        FIXTURES.forEach(fixture -> args.addAll(List.of("--topology", fixture)));
        args.addAll(List.of(more));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        System.err.print(run.stderr());
        return run;
    }

    @Test
    void threeShardsMergedAreTheUnshardedHistory(@TempDir Path dir) throws Exception {
        CliRun whole = history(dir.resolve("whole"));
        HistoryOutcome unsharded = HistoryOutcomeJson.read(dir.resolve("whole"));
        assertThat(unsharded.histories().stream().map(history -> history.topology()))
                .contains("cxl-expander.after-region").hasSizeGreaterThan(FIXTURES.size());
        assertThat(unsharded.histories().stream().mapToLong(history -> history.steps().size()).sum()).isPositive();

        List<String> shards = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        for (int index = 1; index <= 3; index++) {
            Path results = dir.resolve("shard-" + index);
            CliRun shard = history(results, "--shard", index + "/3");
            HistoryOutcome outcome = HistoryOutcomeJson.read(results);
            assertThat(shard.exitCode()).isEqualTo(outcome.exitCode());
            assertThat(outcome.histories()).allSatisfy(history ->
                    assertThat(outcome.matrix().mineNames()).contains(outcome.matrix().cellOf(history.topology())));
            covered.addAll(outcome.matrix().mineNames());
            shards.add(results.toString());
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(FIXTURES);

        List<String> args = new ArrayList<>(List.of("report", "merge"));
        args.addAll(shards);
        args.addAll(List.of("--out", dir.resolve("merged").toString()));
        CliRun merge = CliRun.of(args.toArray(String[]::new));
        assertThat(merge.exitCode()).as(merge.both()).isEqualTo(whole.exitCode());
        assertThat(merge.stdout()).isEqualTo(whole.stdout());
        assertThat(HistoryOutcomeJson.read(dir.resolve("merged"))).isEqualTo(unsharded);
        for (String file : List.of("history.txt", "history.html", HistoryOutcomeJson.FILE_NAME)) {
            assertThat(Files.readString(dir.resolve("merged/history").resolve(file))).as(file)
                    .isEqualTo(Files.readString(dir.resolve("whole/history").resolve(file)));
        }

        CliRun partial = CliRun.of("report", "merge", shards.get(0), shards.get(2), "--out", dir.resolve("partial").toString());
        assertThat(partial.exitCode()).isEqualTo(Main.INFRASTRUCTURE);
        assertThat(partial.stderr()).contains("shard 2/3 gave no results");
    }
}
