package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.qemu.QemuLauncher;
import org.hmsabi.qemu.QemuRequirements;
import org.hmsabi.qemu.TestDockerEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on the fixtures that need QEMU 9.0 or later (gpu-generic-initiator, cxl-expander,
 * cxl-interleave), through the CLI with {@code --runner auto} as ci/gate runs it: those in the container
 * runner's trixie image, a fixture the host's QEMU emulates (single-node) on the host. The newest
 * default kernel against its own golden files (the boot snapshots and the CXL fixtures' snapshots
 * with the region online) must be clean, so the golden files are current and the gate judges every
 * fixture and the region's run, each on the QEMU it needs.
 * The host runner's side, where they are not judged, is {@code NotJudgedOnTheHostTest}.
 */
@Tag("guest")
@Tag("container")
class ContainerFixturesGateTest {
    private static TestDockerEngine engine;

    @BeforeAll
    static void engine() throws Exception {
        engine = TestDockerEngine.up(TestGuests.workspace().root(), "QEMU 10.0 (the trixie image) is not at hand for the gate on the CXL and generic-initiator fixtures");
    }

    @BeforeEach
    void needsAnEngine() {
        engine.assumeAvailable();
    }

    @Test
    void theGoldenFilesAreCurrentAndTheGateJudgesTheFixturesAndTheRegions(@TempDir Path results) throws Exception {
        String kernel = TestGuests.defaultKernelReferences().get(1);
        String key = GoldenFiles.kernelKey(new Snapshot.KernelInfo("", kernel));
        GoldenFiles golden = GoldenFiles.of(TestGuests.workspace());
        assertThat(golden.pathFor("gpu-generic-initiator", key)).as("record it with ci/docker-up; ./hmsabi history --update-golden --missing --runner auto").exists();
        for (String cxl : List.of("cxl-expander", "cxl-interleave")) {
            assertThat(golden.pathFor(cxl, key)).as("record it with ci/docker-up; ci/record-golden --missing " + cxl).exists();
            assertThat(golden.afterRegionPathFor(cxl, key)).as("record it with ci/docker-up; ci/record-golden --missing " + cxl).exists();
        }

        CliRun gate = CliRun.of("gate", "--baseline", kernel, "--candidate", kernel, "--topology", "gpu-generic-initiator",
                "--topology", "cxl-expander", "--topology", "cxl-interleave", "--topology", "single-node", "--runner", "auto", "--results", results.toString());

        assertThat(gate.exitCode()).as(gate.both()).isZero();
        String summary = Files.readString(results.resolve("summary.txt"));
        assertThat(summary).as(summary).containsPattern("PASS +gpu-generic-initiator ")
                .containsPattern("PASS +cxl-expander ").containsPattern("PASS +cxl-expander\\.after-region ")
                .containsPattern("PASS +cxl-interleave ").containsPattern("PASS +cxl-interleave\\.after-region ")
                .containsPattern("PASS +single-node ")
                .doesNotContain("NOT JUDGED").contains("QEMU emulator version 10.");
        // Each fixture on the QEMU it needs: the host's for single-node, the trixie container's for the others.
        String hostQemu = QemuRequirements.version(QemuLauncher.host()).orElseThrow().line();
        assertThat(summary).contains("host: " + hostQemu + "; container hmsabi/qemu:");
        // The baselines came from the golden files, the region's included: nothing was compared with itself by accident.
        assertThat(Files.readString(results.resolve("outcome.json"))).contains(kernel + " (golden file)");
        assertThat(results.resolve("snapshots/cxl-expander/" + key + ".after-region.json")).exists();
        assertThat(Files.readString(results.resolve("junit/cxl.xml"))).contains("region0: commit", "region0: delete_region");
        // The region run carries the picture of the CXL topology the guest showed, next to the node picture.
        assertThat(AllureAttachments.named(results, "topology cxl-expander.after-region")).isPresent();
        assertThat(AllureAttachments.named(results, "cxl topology cxl-expander.after-region")).hasValueSatisfying(svg ->
                assertThat(svg).startsWith("<svg").contains(">region0<", ">mem0<", "host bridge pci", ">node2<"));
        // The reproducing command boots the way this run did.
        assertThat(summary).contains("--runner auto");
    }
}
