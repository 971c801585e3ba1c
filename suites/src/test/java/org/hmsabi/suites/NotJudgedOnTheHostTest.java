package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hmsabi.qemu.QemuLauncher;
import org.hmsabi.qemu.QemuRequirements;
import org.hmsabi.qemu.QemuVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on the host runner, whose QEMU (bookworm's 7.2) cannot emulate generic initiators or CXL
 * generic ports: both fixtures are in every report as not judged, each with one line naming the
 * feature, the QEMU release it needs and the option of the runner that has it, and the verdict is
 * not touched (the gate passes: nothing else was asked for). Nothing is booted and the runner is
 * not switched.
 */
@Tag("guest")
class NotJudgedOnTheHostTest {

    @Test
    void theGateReportsTheFixturesTheHostQemuCannotEmulateAsNotJudged(@TempDir Path results) throws Exception {
        QemuVersion host = QemuRequirements.version(QemuLauncher.host()).orElseThrow();
        Assumptions.assumeFalse(host.atLeast(QemuVersion.of(9, 0)), "the host's QEMU " + host.release() + " has generic initiators");

        // Nothing but those fixtures: nothing judged is no pass (exit 3), and the summary says why.
        CliRun nothing = CliRun.of("gate", "--topology", "gpu-generic-initiator", "--topology", "cxl-expander",
                "--results", results.resolve("nothing").toString());
        assertThat(nothing.exitCode()).as(nothing.both()).isEqualTo(3);
        assertThat(results.resolve("nothing/summary.txt")).content().contains("hmsabi gate: ERROR (exit 3)", "nothing judged: ");

        // Beside a fixture the host's QEMU emulates they are not judged and the verdict is that fixture's.
        CliRun gate = CliRun.of("gate", "--topology", "gpu-generic-initiator", "--topology", "cxl-expander",
                "--topology", "single-node", "--results", results.toString());

        assertThat(gate.exitCode()).as(gate.both()).isZero();
        String summary = Files.readString(results.resolve("summary.txt"));
        assertThat(summary).as(summary).contains("hmsabi gate: PASS (exit 0)").containsPattern("PASS +single-node ")
                .containsPattern("NOT JUDGED +gpu-generic-initiator ").containsPattern("NOT JUDGED +cxl-expander ")
                .contains("not judged: generic initiators", "not judged: CXL generic ports").doesNotContain("container hmsabi/qemu");
        // One line each, in user terms: the feature, the release, the option.
        String junit = Files.readString(results.resolve("junit/abi-diff.xml"));
        assertThat(junit).contains("skipped=\"2\"")
                .contains("not judged: generic initiators (QEMU's acpi-generic-initiator) need QEMU 9.0 or later, but the host"
                        + " runner's QEMU is " + host.release() + "; use --runner auto")
                .contains("not judged: CXL generic ports (QEMU's acpi-generic-port) need QEMU 9.2 or later");
        assertThat(gate.stderr()).contains("gate: cxl-expander not judged: ");
        assertThat(results.resolve("snapshots/gpu-generic-initiator")).doesNotExist();
        assertThat(results.resolve("snapshots/cxl-expander")).doesNotExist();
    }
}
