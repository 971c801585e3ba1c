package org.hmsabi.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.Shard;
import org.hmsabi.check.CheckResult;
import org.hmsabi.diff.Finding;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.RunMatrix;
import org.hmsabi.gate.TopologyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardMergeTest {
    @TempDir
    Path dir;

    /** Five fixtures, one with a hot-plug device (a cell of its own, as in the gate), one failing, one not booted. */
    private static final RunMatrix MATRIX = new RunMatrix(List.of(new RunMatrix.Cell("two-socket-hbm", 16),
            new RunMatrix.Cell("cxl-far-memory", 30), new RunMatrix.Cell("cxl-far-memory.hotplug-dimm0", 40),
            new RunMatrix.Cell("hms-4s32g", 48), new RunMatrix.Cell("single-node", 10), new RunMatrix.Cell("two-socket", 12)), Shard.WHOLE);

    private GateOutcome whole() {
        GateOutcome failing = Outcomes.failing(); // two-socket-hbm (a failure), hms-4s32g (not booted)
        List<TopologyRun> runs = new ArrayList<>(failing.runs());
        runs.add(Outcomes.compared("cxl-far-memory", List.of(Outcomes.added()), List.of()));
        runs.add(Outcomes.compared("cxl-far-memory.hotplug-dimm0", List.of(Outcomes.testingTierChange(Finding.Severity.WARNING)),
                List.of(Outcomes.check("hotplug", "dimm0: online policy", Outcomes.CAND, CheckResult.Status.PASSED, "zone Movable"))));
        runs.add(Outcomes.compared("single-node", List.of(), List.of()));
        runs.add(Outcomes.compared("two-socket", List.of(), List.of()));
        return withRuns(failing.withQemu("host: QEMU emulator version 7.2.19").withMatrix(MATRIX), runs);
    }

    /** The outcome with these runs, in its matrix's order (as the gate orders them). */
    private static GateOutcome withRuns(GateOutcome outcome, List<TopologyRun> runs) {
        return new GateOutcome(outcome.baseline(), outcome.candidate(), outcome.strict(), outcome.started(), outcome.wallTime(),
                outcome.matrix().order(runs), outcome.command(), outcome.kind(), outcome.qemu(), outcome.matrix());
    }

    @Test
    void theMergedShardsWriteTheUnshardedRunsReportsByteForByte() throws IOException {
        GateOutcome whole = whole();
        Path unsharded = dir.resolve("unsharded");
        Reports.writeAll(whole, unsharded);
        List<Path> shards = writeShards(whole, 3);

        ShardMerge.Merged merged = ShardMerge.merge(shards);
        ShardMerge.write(merged, dir.resolve("merged"));

        assertThat(merged.problems()).isEmpty();
        assertThat(merged.exitCode()).isEqualTo(whole.exitCode()).isEqualTo(3); // hms-4s32g did not boot in the whole run too
        assertThat(contents(dir.resolve("merged"))).isEqualTo(contents(unsharded));
    }

    @Test
    void aPassingRunMergedPasses() throws IOException {
        GateOutcome passing = withRuns(whole(), whole().runs().stream()
                .filter(run -> run.status() == TopologyRun.Status.COMPARED && run.findings().stream().noneMatch(Finding::isFailure)
                        && run.checks().stream().noneMatch(check -> check.status() == CheckResult.Status.FAILED)).toList());
        RunMatrix matrix = new RunMatrix(MATRIX.cells().stream().filter(cell -> !cell.name().equals("two-socket-hbm")
                && !cell.name().equals("hms-4s32g")).toList(), Shard.WHOLE);
        passing = withRuns(passing.withMatrix(matrix), passing.runs());
        ShardMerge.Merged merged = ShardMerge.merge(writeShards(passing, 2));
        assertThat(merged.exitCode()).isZero();
        assertThat(merged.outcome().runs().stream().map(TopologyRun::topology))
                .containsExactlyElementsOf(passing.runs().stream().map(TopologyRun::topology).toList());
        assertThat(merged.outcome().runs().stream().map(TopologyRun::findings).toList())
                .isEqualTo(passing.runs().stream().map(TopologyRun::findings).toList());
    }

    @Test
    void theSnapshotsOfEveryShardAreCopiedAndTheirPathsPointIntoTheMergedDirectory() throws IOException {
        GateOutcome whole = whole();
        List<Path> shards = writeShards(whole, 3);
        for (Path shard : shards) {
            GateOutcome outcome = OutcomeJson.read(shard);
            for (String cell : outcome.matrix().mineNames()) {
                Path file = shard.resolve("snapshots").resolve(cell).resolve("k.json");
                Files.createDirectories(file.getParent());
                Files.writeString(file, "{\"cell\":\"" + cell + "\"}");
            }
        }
        GateOutcome written = ShardMerge.write(ShardMerge.merge(shards), dir.resolve("merged"));
        for (RunMatrix.Cell cell : MATRIX.cells()) {
            assertThat(dir.resolve("merged/snapshots").resolve(cell.name()).resolve("k.json")).hasContent("{\"cell\":\"" + cell.name() + "\"}");
        }
        assertThat(written.runs().stream().flatMap(run -> run.guests().stream()).flatMap(guest -> guest.snapshot().stream()))
                .allSatisfy(path -> assertThat(path.toAbsolutePath().normalize()).startsWith(dir.resolve("merged").toAbsolutePath()));
    }

    @Test
    void aMissingShardLeavesItsFixturesNotJudgedAndTheVerdictIncomplete() throws IOException {
        GateOutcome passing = withRuns(whole(), List.of(Outcomes.compared("single-node", List.of(), List.of()),
                Outcomes.compared("two-socket", List.of(), List.of())));
        RunMatrix matrix = new RunMatrix(List.of(new RunMatrix.Cell("single-node", 10), new RunMatrix.Cell("two-socket", 12)), Shard.WHOLE);
        List<Path> shards = writeShards(passing.withMatrix(matrix), 2);
        assertThat(ShardMerge.merge(shards).exitCode()).isZero();

        ShardMerge.Merged merged = ShardMerge.merge(List.of(shards.get(0)));
        assertThat(merged.exitCode()).isEqualTo(3);
        assertThat(merged.problems()).singleElement().asString().contains("shard 2/2").contains("--shard 2/2").doesNotContain("\n");
        String missing = matrix.as(new Shard(2, 2)).mineNames().get(0);
        TopologyRun run = merged.outcome().runs().stream().filter(r -> r.topology().equals(missing)).findFirst().orElseThrow();
        assertThat(run.status()).isEqualTo(TopologyRun.Status.NOT_BOOTED);
        assertThat(Verdict.of(merged.outcome())).isEqualTo(Verdict.ERROR);
        ShardMerge.write(merged, dir.resolve("merged"));
        assertThat(dir.resolve("merged/summary.txt")).content().contains("ERROR").contains(missing);
    }

    @Test
    void aDirectoryWithoutAnOutcomeIsAProblemNamingIt() throws IOException {
        List<Path> shards = writeShards(whole(), 2);
        Path empty = Files.createDirectories(dir.resolve("crashed-shard"));
        ShardMerge.Merged merged = ShardMerge.merge(List.of(shards.get(0), empty));
        assertThat(merged.exitCode()).isEqualTo(3);
        assertThat(merged.problems()).anySatisfy(problem -> assertThat(problem).contains(empty.toString()).contains("outcome.json"));
        assertThatThrownBy(() -> ShardMerge.merge(List.of(empty))).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining(empty.toString());
    }

    @Test
    void theSameShardTwiceIsRefused() throws IOException {
        List<Path> shards = writeShards(whole(), 2);
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        Files.copy(shards.get(0).resolve(OutcomeJson.FILE_NAME), copy.resolve(OutcomeJson.FILE_NAME));
        assertThatThrownBy(() -> ShardMerge.merge(List.of(shards.get(0), shards.get(1), copy)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("both shard 1/2").hasMessageContaining(copy.toString());
        assertThatThrownBy(() -> ShardMerge.merge(List.of(shards.get(0), shards.get(0))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("twice");
    }

    @Test
    void shardsOfDifferentRunsAreRefusedAndNothingIsWritten() throws IOException {
        GateOutcome whole = whole();
        List<Path> three = writeShards(whole, 3);
        Path otherDir = dir.resolve("other");
        List<Path> two = writeShards(whole, 2, otherDir);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(three.get(0), two.get(1))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--shard I/3 against --shard I/2");

        RunMatrix fewer = new RunMatrix(MATRIX.cells().subList(0, 5), Shard.WHOLE);
        List<Path> cutElsewhere = writeShards(withRuns(whole.withMatrix(fewer), whole.runs().stream()
                .filter(run -> fewer.names().contains(fewer.cellOf(run.topology()))).toList()), 3, dir.resolve("fewer"));
        assertThatThrownBy(() -> ShardMerge.merge(List.of(three.get(0), cutElsewhere.get(1), three.get(2))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("fixtures");

        GateOutcome strict = new GateOutcome(whole.baseline(), whole.candidate(), true, whole.started(), whole.wallTime(), whole.runs(),
                whole.command(), whole.kind(), whole.qemu(), MATRIX);
        List<Path> strictShards = writeShards(strict, 3, dir.resolve("strict"));
        assertThatThrownBy(() -> ShardMerge.merge(List.of(three.get(0), strictShards.get(1), three.get(2))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--strict");
        assertThat(dir.resolve("merged")).doesNotExist();
    }

    @Test
    void aShardHoldingResultsOfAnotherShardsCellIsRefused() throws IOException {
        GateOutcome whole = whole();
        List<Path> shards = writeShards(whole, 2);
        RunMatrix first = whole.matrix().as(new Shard(1, 2));
        String device = "cxl-far-memory.hotplug-dimm0";
        // The device's cell falls to one shard; a copy of its run in the other one would double it in the merge.
        Path other = first.mineNames().contains(device) ? shards.get(1) : shards.get(0);
        GateOutcome doubled = OutcomeJson.read(other);
        List<TopologyRun> runs = new ArrayList<>(doubled.runs());
        runs.add(whole.runs().stream().filter(run -> run.topology().equals(device)).findFirst().orElseThrow());
        Reports.writeAll(new GateOutcome(doubled.baseline(), doubled.candidate(), doubled.strict(), doubled.started(), doubled.wallTime(),
                runs, doubled.command(), doubled.kind(), doubled.qemu(), doubled.matrix()), other);
        assertThatThrownBy(() -> ShardMerge.merge(shards)).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining(other.toString()).hasMessageContaining(device).hasMessageContaining("not a cell of its shard");
    }

    @Test
    void theCellsOfOneFixtureMergeIntoTheUnshardedOrder() {
        GateOutcome whole = whole();
        for (int count = 2; count <= 4; count++) {
            ShardMerge.Merged merged = ShardMerge.merge(writeShards(whole, count, dir.resolve("by-" + count)));
            assertThat(merged.outcome().runs().stream().map(TopologyRun::topology))
                    .containsExactlyElementsOf(whole.runs().stream().map(TopologyRun::topology).toList());
        }
    }

    @Test
    void aForeignOrCorruptOutcomeIsAProblemNotACrash() throws IOException {
        List<Path> shards = writeShards(whole(), 2);
        Files.writeString(shards.get(1).resolve(OutcomeJson.FILE_NAME), "{\"format\":\"something-else/9\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OutcomeJson.read(shards.get(1))).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("not an hmsabi outcome");
        Files.writeString(shards.get(1).resolve(OutcomeJson.FILE_NAME), "{not json", StandardCharsets.UTF_8);
        assertThat(ShardMerge.merge(shards).exitCode()).isEqualTo(3);
    }

    @Test
    void anEarlierOutDirectoryIsReplacedWhole() throws IOException {
        Path out = dir.resolve("merged");
        Files.createDirectories(out.resolve("junit"));
        Files.writeString(out.resolve("junit/stale.xml"), "<old/>");
        Files.writeString(out.resolve(OutcomeJson.FILE_NAME), "{}"); // an earlier run's results directory
        ShardMerge.write(ShardMerge.merge(writeShards(whole(), 2)), out);
        assertThat(out.resolve("junit/stale.xml")).doesNotExist();
        assertThat(out.resolve("summary.txt")).isRegularFile();
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".merged"));
        }
    }

    @Test
    void anOutDirectoryThatIsAShardHoldsOneOrIsNoResultsDirectoryIsRefusedAndKept() throws IOException {
        List<Path> shards = writeShards(whole(), 2);
        ShardMerge.Merged merged = ShardMerge.merge(shards);
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("notes.txt"), "mine");

        for (Path out : List.of(shards.get(0), dir.resolve("shards"), dir, home)) {
            assertThatThrownBy(() -> ShardMerge.write(merged, out)).as(out.toString())
                    .isInstanceOf(org.hmsabi.BadInputException.class).hasMessageStartingWith("report merge --out ");
        }
        assertThat(shards.get(0).resolve(OutcomeJson.FILE_NAME)).isRegularFile();
        assertThat(home.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void anOutcomeReadsBackAsItWasWritten() {
        GateOutcome whole = whole();
        Path results = dir.resolve("results");
        OutcomeJson.write(whole, results);
        GateOutcome read = OutcomeJson.read(results);
        assertThat(OutcomeJson.render(read, results)).isEqualTo(OutcomeJson.render(whole, results));
        assertThat(read.runs().stream().map(TopologyRun::findings).toList()).isEqualTo(whole.runs().stream().map(TopologyRun::findings).toList());
        assertThat(read.runs().stream().map(TopologyRun::checks).toList()).isEqualTo(whole.runs().stream().map(TopologyRun::checks).toList());
        assertThat(read.matrix()).isEqualTo(whole.matrix());
    }

    @Test
    void aSnapshotPathOutsideTheResultsDirectoryIsRefused() throws IOException {
        Path results = dir.resolve("results");
        OutcomeJson.write(whole(), results);
        String json = Files.readString(results.resolve(OutcomeJson.FILE_NAME));
        int at = json.indexOf("\"release\"");
        Files.writeString(results.resolve(OutcomeJson.FILE_NAME), json.substring(0, at) + "\"snapshot\":\"../../etc/passwd\"," + json.substring(at));
        assertThatThrownBy(() -> OutcomeJson.read(results)).isInstanceOf(InfrastructureException.class).hasMessageContaining("outside");
    }

    private List<Path> writeShards(GateOutcome whole, int count) {
        return writeShards(whole, count, dir.resolve("shards"));
    }

    /** Each shard's outcome as a shard run writes it: only its cells' runs, the same start and wall time. */
    private static List<Path> writeShards(GateOutcome whole, int count, Path root) {
        List<Path> directories = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            RunMatrix part = whole.matrix().as(new Shard(index, count));
            List<String> mine = part.mineNames();
            GateOutcome shard = withRuns(whole.withMatrix(part), whole.runs().stream()
                    .filter(run -> mine.contains(part.cellOf(run.topology()))).toList());
            Path directory = root.resolve("shard-" + index);
            Reports.writeAll(shard, directory);
            directories.add(directory);
        }
        return directories;
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(file).toString(), Files.readString(file));
            }
        }
        return out;
    }
}
