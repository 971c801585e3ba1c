package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hmsabi.check.CheckResult;
import org.hmsabi.cli.Main;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.report.OutcomeJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate as three shards, merged, against the unsharded gate, on the default kernels (baselines
 * from their golden files, candidates booted) and three fixtures: one with the hot-plug path
 * (cxl-far-memory, whose two host-plugged devices are cells of their own), the HMAT one and the
 * smallest. Each shard boots only its own cells; the two devices fall to different shards; merged,
 * they give the unsharded run's findings, checks and verdict, in its order, each device's run once;
 * a shard left out makes the merged verdict incomplete.
 */
@Tag("guest")
class ShardedGateTest {
    private static final List<String> FIXTURES = List.of("cxl-far-memory", "two-socket-hbm", "single-node");
    /** The gate's cells of those fixtures: each fixture's boot-time comparison, and each host-plugged device. */
    private static final List<String> CELLS = List.of("cxl-far-memory", "cxl-far-memory.hotplug-dimm0", "cxl-far-memory.hotplug-vmem0",
            "two-socket-hbm", "single-node");
    private static final List<String> DEVICES = CELLS.subList(1, 3);

    private static CliRun hmsabi(String... args) {
        CliRun run = CliRun.of(args);
        System.err.print(run.stderr());
        return run;
    }

    private static CliRun gate(Path results, String... more) {
        List<String> args = new ArrayList<>(List.of("gate", "--results", results.toString()));
        FIXTURES.forEach(fixture -> args.addAll(List.of("--topology", fixture)));
        args.addAll(List.of(more));
        return hmsabi(args.toArray(String[]::new));
    }

    @Test
    void threeShardsMergedGiveTheUnshardedGatesFindingsAndVerdict(@TempDir Path dir) throws Exception {
        CliRun whole = gate(dir.resolve("whole"));
        GateOutcome unsharded = OutcomeJson.read(dir.resolve("whole"));
        assertThat(unsharded.runs()).as("the unsharded gate judged something").hasSizeGreaterThan(FIXTURES.size());
        assertThat(unsharded.runs().stream().mapToInt(run -> run.findings().size()).sum()).isPositive();

        // Each device's run, once, compared against its golden file.
        assertThat(unsharded.runs().stream().map(TopologyRun::topology)).containsExactlyElementsOf(CELLS);
        assertThat(unsharded.runs()).filteredOn(run -> DEVICES.contains(run.topology()))
                .allSatisfy(run -> assertThat(run.guests()).hasSize(2));

        List<String> covered = new ArrayList<>();
        List<String> shards = new ArrayList<>();
        for (int index = 1; index <= 3; index++) {
            Path results = dir.resolve("shard-" + index);
            CliRun shard = gate(results, "--shard", index + "/3");
            GateOutcome outcome = OutcomeJson.read(results);
            List<String> mine = outcome.matrix().mineNames();
            assertThat(outcome.matrix().names()).containsExactlyElementsOf(CELLS);
            assertThat(shard.exitCode()).isEqualTo(outcome.exitCode());
            // It did its own cells, every guest of each, and booted nothing else.
            assertThat(outcome.runs().stream().map(run -> outcome.matrix().cellOf(run.topology()))).containsExactlyElementsOf(mine);
            assertThat(mine.containsAll(DEVICES)).as("the devices are split between shards").isFalse();
            try (Stream<Path> snapshots = Files.list(results.resolve("snapshots"))) {
                assertThat(snapshots.map(path -> path.getFileName().toString()))
                        .containsExactlyInAnyOrderElementsOf(mine.stream().map(cell -> cell.replaceFirst("\\..*", "")).distinct().toList());
            }
            covered.addAll(mine);
            shards.add(results.toString());
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(CELLS);

        List<String> args = new ArrayList<>(List.of("report", "merge"));
        args.addAll(shards);
        args.addAll(List.of("--out", dir.resolve("merged").toString()));
        CliRun merge = hmsabi(args.toArray(String[]::new));
        GateOutcome merged = OutcomeJson.read(dir.resolve("merged"));

        assertThat(merge.exitCode()).isEqualTo(whole.exitCode()).isEqualTo(unsharded.exitCode());
        assertThat(judged(merged)).isEqualTo(judged(unsharded));
        // No device's results lost or doubled: each device's run once, with both its guests and its checks.
        for (String device : DEVICES) {
            assertThat(merged.runs()).filteredOn(run -> run.topology().equals(device)).singleElement()
                    .satisfies(run -> assertThat(run.guests()).hasSize(2))
                    .satisfies(run -> assertThat(run.checks()).isNotEmpty());
        }
        assertThat(merged.runs().stream().flatMap(run -> run.checks().stream()).filter(check -> check.suite().equals("hotplug")).count())
                .isEqualTo(unsharded.runs().stream().flatMap(run -> run.checks().stream()).filter(check -> check.suite().equals("hotplug")).count())
                .isPositive();
        assertThat(merge.stdout().lines().findFirst()).isEqualTo(whole.stdout().lines().findFirst()); // the verdict line
        assertThat(untimed(dir.resolve("merged/findings.txt"))).isEqualTo(untimed(dir.resolve("whole/findings.txt")));
        // The whole run is reproduced on the fixtures it was asked for, not on every shipped one.
        assertThat(merged.command()).isEqualTo(unsharded.command())
                .endsWith(FIXTURES.stream().map(fixture -> " --topology " + fixture).reduce("", String::concat));

        // A shard left out: its fixtures are not judged and the verdict is incomplete, never a pass.
        CliRun partial = hmsabi("report", "merge", shards.get(0), shards.get(2), "--out", dir.resolve("partial").toString());
        assertThat(partial.exitCode()).isEqualTo(Main.INFRASTRUCTURE);
        assertThat(partial.stderr()).contains("shard 2/3 gave no results");
    }

    /** A report's lines but the one that says when the run started and how long it took. */
    private static List<String> untimed(Path report) throws java.io.IOException {
        return Files.readAllLines(report).stream().filter(line -> !line.startsWith("started:")).toList();
    }

    /** What a run judged, without timings: per run its name, status, findings and each check's name and status. */
    private static List<String> judged(GateOutcome outcome) {
        List<String> lines = new ArrayList<>();
        for (TopologyRun run : outcome.runs()) {
            lines.add(run.topology() + " " + run.status());
            run.findings().forEach(finding -> lines.add("  " + finding));
            for (CheckResult check : run.checks()) {
                lines.add("  check " + check.suite() + " " + check.name() + " " + check.kernel() + " " + check.status()
                        + " " + check.diff().orElse(List.of()));
            }
        }
        return lines;
    }
}
