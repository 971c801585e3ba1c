package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hmsabi.diff.SnapshotBuilder.NODE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hmsabi.cli.Main;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes of 'hmsabi diff': 0 nothing fails, 1 something does, 2 bad input. */
class DiffCommandTest {
    @TempDir
    Path dir;

    private Path base;
    private Path noWaivers;
    private final Snapshot baseline = SnapshotBuilder.fourNodes().build();

    @BeforeEach
    void writeBaseline() throws IOException {
        base = write("base.json", baseline);
        noWaivers = dir.resolve("waivers.yaml");
        Files.writeString(noWaivers, "waivers: []\n");
    }

    private Path write(String name, Snapshot snapshot) {
        Path file = dir.resolve(name);
        SnapshotFiles.write(snapshot, file, true);
        return file;
    }

    private int diff(Path candidate, String... options) {
        String[] args = new String[3 + options.length];
        args[0] = "diff";
        args[1] = base.toString();
        args[2] = candidate.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        return Main.run(args);
    }

    @Test
    void identicalAbiIsExitZeroInEveryFormat() {
        Path same = write("same.json", SnapshotBuilder.candidateOf(baseline).build());
        assertThat(diff(same, "--waivers", noWaivers.toString())).isZero();
        assertThat(diff(same, "--format", "json", "--strict")).isZero();
    }

    @Test
    void aRemovedStableAttributeIsExitOne() {
        Path broken = write("broken.json", SnapshotBuilder.candidateOf(baseline).without(NODE + "online").build());
        assertThat(diff(broken, "--waivers", noWaivers.toString())).isEqualTo(1);
    }

    @Test
    void aTestingAbiChangeFailsOnlyWithStrict() {
        Path changed = write("changed.json", SnapshotBuilder.candidateOf(baseline)
                .file("/sys/kernel/mm/numa/demotion_enabled", "true\n").build());
        assertThat(diff(changed, "--waivers", noWaivers.toString())).isZero();
        assertThat(diff(changed, "--waivers", noWaivers.toString(), "--strict")).isEqualTo(1);
    }

    @Test
    void aWaiverMakesAFailurePass() throws IOException {
        Path broken = write("broken.json", SnapshotBuilder.candidateOf(baseline).without(NODE + "online").build());
        Path waivers = dir.resolve("accepting.yaml");
        Files.writeString(waivers, "waivers:\n  - {path: " + NODE + "online, kernels: \">= 6.12\", reason: r, link: https://x}\n");
        assertThat(diff(broken, "--waivers", waivers.toString())).isZero();
    }

    @Test
    void missingOrCorruptInputIsExitTwo() throws IOException {
        Path corrupt = dir.resolve("corrupt.json");
        Files.writeString(corrupt, "{\"schema\": ");
        Path badWaivers = dir.resolve("bad.yaml");
        Files.writeString(badWaivers, "waivers:\n  - {path: /a}\n");
        Path same = write("same.json", SnapshotBuilder.candidateOf(baseline).build());

        assertThat(diff(dir.resolve("absent.json"))).isEqualTo(2);
        assertThat(diff(corrupt)).isEqualTo(2);
        assertThat(diff(same, "--waivers", badWaivers.toString())).isEqualTo(2);
        assertThat(diff(same, "--waivers", dir.resolve("absent.yaml").toString())).isEqualTo(2);
        assertThat(diff(same, "--format", "xml")).isEqualTo(2);
        assertThat(diff(write("other.json", SnapshotBuilder.candidateOf(baseline).topologyHash("other").build()))).isEqualTo(2);
    }
}
