package org.hmsabi.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hmsabi.BadInputException;
import org.hmsabi.KernelUnavailableException;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.gate.GateChecks;
import org.hmsabi.kernel.KernelPin;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.qemu.QemuLauncher;
import org.hmsabi.qemu.QemuRequirements;
import org.hmsabi.qemu.QemuRunners;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.SyscallContract;
import org.hmsabi.topology.ShippedFixtures;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each mode of {@code hmsabi history} reads, boots and records, on copies of the repository's
 * golden files. No guest boots: a kernel that is asked for cannot be had here (so the run names it
 * skipped), which shows which kernels a mode would boot. HistoryTest and HistoryUpdateGoldenCxlTest
 * (suites) boot them.
 */
class HistoryRunTest {
    private static final Path REPO = Path.of(System.getProperty("hmsabi.repo", ".."));
    private static final KernelPins PINS = KernelPins.load(REPO.resolve(KernelPins.FIXTURE));

    private final List<String> asked = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();

    @Test
    void theModeFollowsTheOptionsAndMissingOnlyNarrowsUpdateGolden() {
        assertThat(HistoryRun.Mode.of(false, false, false)).isEqualTo(HistoryRun.Mode.READ);
        assertThat(HistoryRun.Mode.of(true, false, false)).isEqualTo(HistoryRun.Mode.BOOT);
        assertThat(HistoryRun.Mode.of(false, true, false)).isEqualTo(HistoryRun.Mode.UPDATE_GOLDEN);
        assertThat(HistoryRun.Mode.of(true, true, false)).isEqualTo(HistoryRun.Mode.UPDATE_GOLDEN);
        assertThat(HistoryRun.Mode.of(false, true, true)).isEqualTo(HistoryRun.Mode.RECORD_MISSING);
        assertThatThrownBy(() -> HistoryRun.Mode.of(false, false, true)).isInstanceOf(BadInputException.class)
                .hasMessage("--missing narrows --update-golden to the golden files that do not exist yet; give both");
        assertThatThrownBy(() -> HistoryRun.Mode.of(true, true, true)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("give one of them");
    }

    @Test
    void aHistoryNeedsTwoSeriesButRecordingGoldenFilesOne() {
        assertThatThrownBy(() -> HistoryRun.kernelsOf(PINS, List.of("7.3"), HistoryRun.Mode.READ))
                .isInstanceOf(BadInputException.class).hasMessageContaining("at least two series");
        assertThatThrownBy(() -> HistoryRun.kernelsOf(PINS, List.of("7.3"), HistoryRun.Mode.BOOT))
                .isInstanceOf(BadInputException.class);
        for (HistoryRun.Mode recording : List.of(HistoryRun.Mode.UPDATE_GOLDEN, HistoryRun.Mode.RECORD_MISSING)) {
            assertThat(HistoryRun.kernelsOf(PINS, List.of("7.3"), recording)).extracting(KernelPin::reference)
                    .containsExactly(PINS.newestIn("7.3").orElseThrow().reference());
        }
    }

    @Test
    void missingBootsOnlyTheKernelsWithoutAGoldenFileAndReadsTheRest(@TempDir Path dir) throws IOException {
        List<KernelPin> pins = HistoryRun.kernelsOf(PINS, List.of("6.12", "7.3"), HistoryRun.Mode.RECORD_MISSING);
        GoldenFiles golden = copyOf(dir, "single-node");
        Path absent = golden.pathFor("single-node", key(pins.get(1)));
        Files.delete(absent);
        Path present = golden.pathFor("single-node", key(pins.get(0)));
        byte[] before = Files.readAllBytes(present);

        HistoryRun.Result result = run(HistoryRun.Mode.RECORD_MISSING, golden, List.of(ShippedFixtures.load("single-node")), pins, dir);

        assertThat(asked).containsExactly(pins.get(1).reference());
        assertThat(result.skipped()).singleElement().asString().startsWith(pins.get(1).reference() + " on single-node: ");
        assertThat(result.goldenWritten()).isZero();
        assertThat(absent).doesNotExist(); // nothing half-written for a kernel that could not be had
        assertThat(Files.readAllBytes(present)).isEqualTo(before);
        assertThat(result.histories()).singleElement().satisfies(history ->
                assertThat(history.kernels()).containsExactly(pins.get(0).reference()));
    }

    @Test
    void updateGoldenBootsEveryKernelAndReadWhereAGoldenFileIsNone(@TempDir Path dir) throws IOException {
        List<KernelPin> pins = HistoryRun.kernelsOf(PINS, List.of("6.12", "7.3"), HistoryRun.Mode.UPDATE_GOLDEN);
        GoldenFiles golden = copyOf(dir, "single-node");
        List<Topology> singleNode = List.of(ShippedFixtures.load("single-node"));

        HistoryRun.Result updated = run(HistoryRun.Mode.UPDATE_GOLDEN, golden, singleNode, pins, dir);
        assertThat(asked).containsExactlyElementsOf(pins.stream().map(KernelPin::reference).toList());
        assertThat(updated.skipped()).hasSize(2);

        asked.clear();
        HistoryRun.Result read = run(HistoryRun.Mode.READ, golden, singleNode, pins, dir);
        assertThat(asked).isEmpty();
        assertThat(read.skipped()).isEmpty();
        assertThat(read.histories()).singleElement().satisfies(history -> assertThat(history.kernels()).hasSize(2));
    }

    /**
     * cxl-expander on this machine's QEMU 7.2, which cannot emulate it: with --missing, what exists is
     * read (both boot snapshots, 7.3's with the region online) and the one absent file, 6.1's with the
     * region online (no region comes online there), is named as not written, with the reason, and
     * nothing boots. Without --missing nothing is read: every file is named as not written.
     */
    @Test
    @Tag("qemu")
    void missingOnAFixtureTheRunnerCannotEmulateReadsWhatExistsAndNamesTheRest(@TempDir Path dir) throws IOException {
        Topology cxl = ShippedFixtures.load("cxl-expander");
        org.junit.jupiter.api.Assumptions.assumeFalse(QemuRequirements.bootsOn(cxl, QemuLauncher.host()),
                "this machine's QEMU emulates the CXL fixture itself");
        List<KernelPin> pins = HistoryRun.kernelsOf(PINS, List.of("6.1", "7.3"), HistoryRun.Mode.RECORD_MISSING);
        GoldenFiles golden = copyOf(dir, "cxl-expander");
        assertThat(golden.afterRegionPathFor("cxl-expander", key(pins.get(0)))).doesNotExist();

        HistoryRun.Result result = run(HistoryRun.Mode.RECORD_MISSING, golden, List.of(cxl), pins, dir);

        assertThat(asked).isEmpty();
        assertThat(result.skipped()).singleElement().asString()
                .startsWith(pins.get(0).reference() + " on cxl-expander.after-region: no golden file written: ")
                .contains("QEMU 9.2");
        assertThat(result.goldenWritten()).isZero();
        assertThat(result.histories()).extracting(AbiHistory::topology).containsExactly("cxl-expander");
        assertThat(progress).contains("note: cxl-expander.after-region: no snapshot with the region online for " + pins.get(0).reference());

        HistoryRun.Result all = run(HistoryRun.Mode.UPDATE_GOLDEN, golden, List.of(cxl), pins, dir);
        assertThat(asked).isEmpty();
        assertThat(all.skipped()).hasSize(4).allSatisfy(line -> assertThat(line).contains(": no golden file written: "));
        assertThat(all.histories()).isEmpty();
    }

    private HistoryRun.Result run(HistoryRun.Mode mode, GoldenFiles golden, List<Topology> topologies, List<KernelPin> pins, Path dir) {
        HistoryRun run = new HistoryRun(mode, new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false),
                new GateChecks(AbiSpec.bundled(), SyscallContract.bundled()), golden, Waivers.none(), reference -> {
                    asked.add(reference);
                    throw new KernelUnavailableException(reference, reference + " is not to be had in this test");
                }, progress::add);
        try (ParallelCaptures captures = new ParallelCaptures(1, new org.hmsabi.guest.GuestBooting(dir.resolve("cache"),
                Duration.ofSeconds(1), false, QemuRunners.only(QemuLauncher.host()), org.hmsabi.guest.GuestSpec.Transport.AUTO), progress::add)) {
            return run.run(topologies, pins, captures);
        }
    }

    private static String key(KernelPin pin) {
        return GoldenFiles.kernelKey(new Snapshot.KernelInfo("", pin.reference()));
    }

    /** A copy of the repository's golden files of {@code fixture}. */
    private static GoldenFiles copyOf(Path dir, String fixture) throws IOException {
        Path from = REPO.resolve("fixtures/golden").resolve(fixture);
        Path to = dir.resolve("golden").resolve(fixture);
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return new GoldenFiles(dir.resolve("golden"));
    }
}
