package org.hmsabi.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.Shard;
import org.hmsabi.diff.Finding;
import org.hmsabi.gate.RunMatrix;
import org.hmsabi.history.AbiHistory;
import org.hmsabi.history.HistoryOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shards of a history merged into the unsharded history: the same histories in the same order, byte for byte. */
class HistoryMergeTest {
    @TempDir
    Path dir;

    private static final RunMatrix MATRIX = new RunMatrix(List.of(new RunMatrix.Cell("two-socket-hbm", 26),
            new RunMatrix.Cell("cxl-expander", 27), new RunMatrix.Cell("hms-4s32g", 60), new RunMatrix.Cell("single-node", 22)),
            Shard.WHOLE);

    private static AbiHistory history(String topology, List<Finding> findings) {
        return new AbiHistory(topology, List.of("debian:6.12", "debian:7.3"), List.of(new AbiHistory.Step("debian:6.12", "debian:7.3",
                findings)));
    }

    /** An unsharded history: a region's history after its fixture's, one kernel skipped. */
    private static HistoryOutcome whole() {
        return new HistoryOutcome("./hmsabi history --series 6.12,7.3", false, MATRIX, List.of(
                history("two-socket-hbm", List.of(Outcomes.testingTierChange(Finding.Severity.WARNING))),
                history("cxl-expander", List.of()),
                history("cxl-expander.after-region", List.of(Outcomes.added())),
                history("hms-4s32g", List.of(Outcomes.added(), Outcomes.testingTierChange(Finding.Severity.FAILURE))),
                history("single-node", List.of())), List.of("debian:7.3 on single-node: the guest did not give a snapshot",
                "debian:7.3 on hms-4s32g: the guest did not give a snapshot"));
    }

    /** Each shard as history --shard I/N writes it: only its fixtures' histories and skipped lines. */
    private List<Path> writeShards(HistoryOutcome whole, int count, String name) {
        List<Path> directories = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            RunMatrix part = whole.matrix().as(new Shard(index, count));
            List<String> mine = part.mineNames();
            HistoryOutcome shard = new HistoryOutcome(whole.command(), whole.strict(), part,
                    whole.histories().stream().filter(history -> mine.contains(part.cellOf(history.topology()))).toList(),
                    whole.skipped().stream().filter(line -> mine.stream().anyMatch(cell -> line.endsWith(" on " + cell
                            + ": the guest did not give a snapshot"))).toList());
            Path directory = dir.resolve(name).resolve("shard-" + index);
            HistoryOutcomeJson.writeAll(shard, directory);
            directories.add(directory);
        }
        return directories;
    }

    @Test
    void theMergedShardsWriteTheUnshardedHistoryByteForByte() throws IOException {
        HistoryOutcome whole = whole();
        Path unsharded = HistoryOutcomeJson.writeAll(whole, dir.resolve("unsharded"));
        for (int count = 1; count <= 4; count++) {
            List<String> problems = new ArrayList<>();
            List<Path> shards = writeShards(whole, count, "by-" + count);
            HistoryOutcome merged = ShardMerge.mergeHistories(shards, problems);
            assertThat(problems).isEmpty();
            assertThat(merged).isEqualTo(whole);
            Path written = ShardMerge.writeHistory(merged, shards, dir.resolve("merged-" + count));
            for (String file : List.of("history.txt", "history.html", HistoryOutcomeJson.FILE_NAME)) {
                assertThat(Files.readString(written.resolve(file))).as(file).isEqualTo(Files.readString(unsharded.resolve(file)));
            }
            assertThat(merged.exitCode()).isEqualTo(3); // the skipped kernel
        }
    }

    @Test
    void aMissingShardIsNamedAndItsFixturesSkipped() {
        List<Path> shards = writeShards(whole(), 2, "two");
        List<String> problems = new ArrayList<>();
        HistoryOutcome merged = ShardMerge.mergeHistories(List.of(shards.get(0)), problems);
        assertThat(problems).singleElement().asString().contains("shard 2/2").contains("--shard 2/2");
        List<String> missing = MATRIX.as(new Shard(2, 2)).mineNames();
        assertThat(merged.skipped()).anySatisfy(line -> assertThat(line).startsWith(missing.get(0) + ": shard 2/2 gave no results"));
        assertThat(merged.histories()).noneMatch(history -> missing.contains(MATRIX.cellOf(history.topology())));
    }

    @Test
    void shardsOfAnotherHistoryOrHoldingAnotherShardsFixtureAreRefused() {
        List<Path> two = writeShards(whole(), 2, "two");
        List<Path> three = writeShards(whole(), 3, "three");
        assertThatThrownBy(() -> ShardMerge.mergeHistories(List.of(two.get(0), three.get(1)), new ArrayList<>()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--shard I/2 against --shard I/3");

        HistoryOutcome first = HistoryOutcomeJson.read(two.get(0));
        List<AbiHistory> doubled = new ArrayList<>(first.histories());
        doubled.add(whole().histories().stream().filter(history -> !first.matrix().mineNames().contains(first.matrix().cellOf(history.topology())))
                .findFirst().orElseThrow());
        HistoryOutcomeJson.writeAll(new HistoryOutcome(first.command(), first.strict(), first.matrix(), doubled, first.skipped()), two.get(0));
        assertThatThrownBy(() -> ShardMerge.mergeHistories(two, new ArrayList<>()))
                .isInstanceOf(InfrastructureException.class).hasMessageContaining("not a cell of its shard");
    }

    @Test
    void theOutDirectoryIsNeitherAShardNorSomethingElse() throws IOException {
        List<Path> shards = writeShards(whole(), 2, "out");
        List<String> problems = new ArrayList<>();
        HistoryOutcome merged = ShardMerge.mergeHistories(shards, problems);
        assertThatThrownBy(() -> ShardMerge.writeHistory(merged, shards, shards.get(1)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("holds, the shard");
        Path notResults = Files.createDirectories(dir.resolve("precious"));
        Files.writeString(notResults.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> ShardMerge.writeHistory(merged, shards, notResults))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a results directory");
        assertThat(notResults.resolve("keep.txt")).hasContent("mine");
    }
}
