package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.qemu.TestDockerEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hmsabi history --update-golden --runner auto} records a CXL fixture's golden files, both
 * of them, as ci/record-golden does: the snapshot at boot and, from the cxl suite run in a guest
 * of its own, the snapshot with the region online. On cxl-expander (which the host's QEMU 7.2
 * cannot emulate, so the trixie container boots it) for one series, the newest default kernel's,
 * into a copy of the repository's fixtures whose two files of that kernel were removed: both are
 * written again, and are what the repository holds (canonical JSON, volatile values kept as their
 * format only). Then {@code --missing} finds nothing to record and boots nothing.
 */
@Tag("guest")
@Tag("container")
class HistoryUpdateGoldenCxlTest {
    private static TestDockerEngine engine;

    @BeforeAll
    static void engine() throws Exception {
        engine = TestDockerEngine.up(TestGuests.workspace().root(), "QEMU 10.0 (the trixie image) is not at hand to record cxl-expander's golden files");
    }

    @BeforeEach
    void needsAnEngine() {
        engine.assumeAvailable();
    }

    @Test
    void updateGoldenRecordsTheBootAndTheAfterRegionSnapshot(@TempDir Path dir) throws Exception {
        // The default candidate's series; history takes the newest pinned kernel of it.
        KernelPins pins = KernelPins.findOrNone(TestGuests.workspace().root());
        String series = pins.defaults().candidate().series();
        String kernel = pins.newestIn(series).orElseThrow().reference();
        String key = GoldenFiles.kernelKey(new Snapshot.KernelInfo("", kernel));
        GoldenFiles committed = GoldenFiles.of(TestGuests.workspace());
        Path boot = committed.pathFor("cxl-expander", key);
        Path region = committed.afterRegionPathFor("cxl-expander", key);
        assertThat(boot).as("record it with ./hmsabi history --update-golden --runner auto").exists();
        assertThat(region).as("record it with ./hmsabi history --update-golden --runner auto").exists();

        RepositoryCopy copy = RepositoryCopy.of(dir);
        GoldenFiles recorded = new GoldenFiles(copy.resolve("fixtures/golden"));
        Files.delete(recorded.pathFor("cxl-expander", key));
        Files.delete(recorded.afterRegionPathFor("cxl-expander", key));

        CliRun update = copy.inside(() -> CliRun.of("history", "--update-golden", "--runner", "auto", "--topology", "cxl-expander",
                "--series", series, "--results", dir.resolve("update").toString()));

        assertThat(update.exitCode()).as(update.both()).isZero();
        assertThat(update.stdout()).as(update.both()).contains("wrote 2 golden files under " + copy.resolve("fixtures/golden"));
        assertThat(update.stderr()).contains("(2 guests to boot", kernel + " on cxl-expander, the cxl suite: region online");
        for (Path file : java.util.List.of(recorded.pathFor("cxl-expander", key), recorded.afterRegionPathFor("cxl-expander", key))) {
            Path original = committed.directory().resolve(recorded.directory().relativize(file).toString());
            assertThat(file).as("%s was written", file).exists();
            assertThat(SnapshotFiles.toCanonicalJson(SnapshotFiles.read(file)))
                    .as("%s is what the repository holds (else: re-record it with ./hmsabi history --update-golden --runner auto)", original)
                    .isEqualTo(SnapshotFiles.toCanonicalJson(SnapshotFiles.read(original)));
        }
        // The region's snapshot has the CXL bus with the region and the node it became.
        assertThat(Files.readString(recorded.afterRegionPathFor("cxl-expander", key))).contains("/sys/bus/cxl/devices/region0");

        // Both files exist now: --missing reads them and boots nothing.
        CliRun missing = copy.inside(() -> CliRun.of("history", "--update-golden", "--missing", "--runner", "auto",
                "--topology", "cxl-expander", "--series", series, "--results", dir.resolve("missing").toString()));
        assertThat(missing.exitCode()).as(missing.both()).isZero();
        assertThat(missing.stderr()).contains("(0 guests to boot");
        assertThat(missing.stdout()).contains("wrote 0 golden files");
    }
}
