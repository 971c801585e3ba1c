package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hmsabi.Workspace;
import org.hmsabi.cli.Main;
import org.hmsabi.model.Entry;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.model.ThpPlacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real golden file against itself mutated the way a regression would: a stable attribute
 * removed, a syscall's errno changed, a THP split or placed elsewhere. `hmsabi diff` must fail and name them.
 */
class MutatedGoldenFileTest {
    private static final String LATENCY = "/sys/devices/system/node/node2/access0/initiators/read_latency";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The paths of each FAILURE finding of a kind. */
    private static List<List<String>> failures(JsonNode result, String kind) {
        List<List<String>> found = new ArrayList<>();
        for (JsonNode finding : result.path("findings")) {
            if (finding.path("kind").asText().equals(kind) && finding.path("severity").asText().equals("FAILURE")) {
                List<String> paths = new ArrayList<>();
                finding.path("paths").forEach(path -> paths.add(path.asText()));
                found.add(paths);
            }
        }
        return found;
    }

    /** {@code hmsabi diff --format json} of the two snapshots written to files, which must fail (exit 1): its JSON. */
    private static JsonNode failingDiff(Path dir, Snapshot baseline, Snapshot mutated) throws Exception {
        Path before = dir.resolve("golden.json");
        Path after = dir.resolve("mutated.json");
        SnapshotFiles.write(baseline, before, false);
        SnapshotFiles.write(mutated, after, false);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        int exit = Main.run(cli, "diff", before.toString(), after.toString(), "--format", "json");
        JsonNode result = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(exit).as(result.toPrettyString()).isEqualTo(1);
        return result;
    }

    @Test
    void aRemovedStableAttributeAndAChangedErrnoFail(@TempDir Path dir) throws Exception {
        GoldenFiles golden = GoldenFiles.of(Workspace.locate(Optional.empty()));
        Snapshot baseline = golden.read("two-socket-hbm", org.hmsabi.model.ShippedGolden.pinned("6.12").substring("debian:".length()))
                .orElseThrow(() -> new AssertionError("the shipped golden file for 6.12 on two-socket-hbm is missing"));
        assertThat(baseline.sysfs()).containsKey(LATENCY);
        assertThat(baseline.syscalls()).isNotEmpty();

        TreeMap<String, Entry> sysfs = new TreeMap<>(baseline.sysfs());
        sysfs.remove(LATENCY);
        List<SyscallRecord> syscalls = new ArrayList<>(baseline.syscalls());
        SyscallRecord first = syscalls.get(0);
        String otherErrno = "EPERM".equals(first.errno()) ? "EACCES" : "EPERM";
        syscalls.set(0, new SyscallRecord(first.id(), first.call(), first.args(), -1, otherErrno, first.placement()));
        Snapshot mutated = new Snapshot(baseline.schema(), baseline.kernel(), baseline.topology(), sysfs, baseline.procfs(), syscalls);

        JsonNode result = failingDiff(dir, baseline, mutated);
        assertThat(failures(result, "REMOVED")).anySatisfy(paths -> assertThat(paths).contains(LATENCY));
        assertThat(failures(result, "ERRNO_CHANGED")).anySatisfy(paths -> assertThat(paths).contains(first.id()));
    }
    @Test
    void aThpThatANewKernelSplitsAndBasePagesOnAnotherNodeFailNamingBothPlacements(@TempDir Path dir) throws Exception {
        GoldenFiles golden = GoldenFiles.of(Workspace.locate(Optional.empty()));
        Snapshot baseline = golden.read("two-socket-hbm", org.hmsabi.model.ShippedGolden.pinned("7.3").substring("debian:".length()))
                .orElseThrow(() -> new AssertionError("the shipped golden file for 7.3 on two-socket-hbm is missing"));
        String moved = "mbind/BIND/flags=MF_MOVE/backing=thp";
        String faulted = "mbind/BIND/backing=thp";
        List<SyscallRecord> syscalls = new ArrayList<>(baseline.syscalls());
        for (int i = 0; i < syscalls.size(); i++) {
            SyscallRecord r = syscalls.get(i);
            if (r.id().equals(moved)) { // the THP moved, but split: AnonHugePages 0 afterwards
                ThpPlacement.AnonHugePages kb = r.thp().anonHugePagesKb();
                syscalls.set(i, new SyscallRecord(r.id(), r.call(), r.args(), r.result(), r.errno(), r.placement(),
                        new ThpPlacement(r.thp().runs(), new ThpPlacement.AnonHugePages(kb.before(), 0), null)));
            } else if (r.id().equals(faulted)) { // one base page left on node 0
                ThpPlacement.Run run = r.thp().runs().get(0);
                syscalls.set(i, new SyscallRecord(r.id(), r.call(), r.args(), r.result(), r.errno(), r.placement(),
                        new ThpPlacement(List.of(new ThpPlacement.Run(0, 0, 1), new ThpPlacement.Run(0, run.node(), run.pages() - 1)),
                                r.thp().anonHugePagesKb(), null)));
            }
        }
        Snapshot mutated = new Snapshot(baseline.schema(), baseline.kernel(), baseline.topology(), baseline.sysfs(), baseline.procfs(),
                syscalls);
        JsonNode result = failingDiff(dir, baseline, mutated);
        assertThat(failures(result, "RESULT_CHANGED")).containsExactlyInAnyOrder(List.of(moved), List.of(faulted));
        Map<String, String> candidates = new TreeMap<>();
        result.path("findings").forEach(f -> candidates.put(f.path("subject").asText(), f.path("baseline").asText() + " => "
                + f.path("candidate").asText()));
        assertThat(candidates.get(moved)).isEqualTo("0 THP kept 2048->2048 kB; 512 on node 3 => 0 THP split 2048->0 kB; 512 on node 3");
        assertThat(candidates.get(faulted)).isEqualTo("0 THP faulted 0->2048 kB; 512 on node 3"
                + " => 0 THP faulted 0->2048 kB; 1 on node 0, 511 on node 3");
    }
}
