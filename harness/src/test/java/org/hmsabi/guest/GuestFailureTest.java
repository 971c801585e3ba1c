package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hmsabi.Workspace;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.Kernels;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real guests that fail: a kernel that panics, a guest that does not answer in time, an image
 * that is no kernel, and a harness killed by SIGKILL mid-boot. Each must end with a clear
 * one-line error and no QEMU left behind.
 */
@Tag("guest")
class GuestFailureTest {
    private static Workspace workspace;
    private static Kernel kernel;
    private static Topology topology;

    @BeforeAll
    static void resolveKernelAndTopology() {
        workspace = Workspace.locate(Optional.empty());
        String reference = KernelPins.findOrNone(workspace.root()).defaults().candidate().reference();
        kernel = Kernels.onThisMachine(Optional.empty(), System.getenv(), workspace.root(), System.err::println).resolve(reference);
        topology = TopologyLoader.load("two-socket", workspace.topologiesDir());
    }

    /** Fresh boots only: a guest restored from a saved state would answer before these failures could happen. */
    private static GuestSpec spec() {
        return GuestSpecs.of(kernel, topology, workspace.cacheRoot()).withSavedStates(false);
    }

    private static List<ProcessHandle> qemuDescendants(ProcessHandle root) {
        return root.descendants()
                .filter(process -> process.info().command().orElse("").contains("qemu-system"))
                .toList();
    }

    @Test
    void aPanickingKernelIsReportedWithItsPanicLine() {
        // No init where rdinit points and no root file system: the kernel panics before user space.
        GuestSpec panicking = spec().withExtraKernelArguments(List.of("rdinit=/does-not-exist", "root=/dev/nowhere"));
        assertThatThrownBy(() -> Guest.boot(panicking))
                .isInstanceOf(GuestBootException.class)
                .hasMessageContaining(kernel.reference())
                .hasMessageContaining("panicked")
                .hasMessageContaining("Kernel panic")
                .satisfies(e -> assertThat(((GuestBootException) e).console()).contains("Kernel panic"));
        assertThat(qemuDescendants(ProcessHandle.current())).isEmpty();
    }

    @Test
    void aGuestThatDoesNotAnswerInTimeIsKilledAndReported() {
        GuestSpec impatient = spec().withBootTimeout(Duration.ofMillis(500));
        assertThatThrownBy(() -> Guest.boot(impatient))
                .isInstanceOf(GuestBootException.class)
                .hasMessageContaining("no answer from the guest agent within")
                .hasMessageContaining("--boot-timeout");
        assertThat(qemuDescendants(ProcessHandle.current())).isEmpty();
    }

    @Test
    void anImageThatIsNoKernelIsQemusErrorInOneLine(@TempDir Path dir) throws IOException {
        Path garbage = dir.resolve("bzImage");
        Files.write(garbage, new byte[64 * 1024]);
        GuestSpec broken = new GuestSpec("garbage on two-socket", garbage, Optional.empty(), false,
                spec().topologyArguments(), GuestSpec.Transport.AUTO, Duration.ofSeconds(60), workspace.cacheRoot(), List.of(), false);
        assertThatThrownBy(() -> Guest.boot(broken))
                .isInstanceOf(GuestBootException.class)
                .hasMessageStartingWith("garbage on two-socket: QEMU exited with status 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(qemuDescendants(ProcessHandle.current())).isEmpty();
    }

    @Test
    void aHarnessKilledMidBootLeavesNoQemuBehind(@TempDir Path dir) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "org.hmsabi.cli.Main", "snapshot",
                "--kernel", kernel.exactReference(), "--topology", "two-socket", "--fresh-boot",
                "--out", dir.resolve("never.json").toString()));
        Process harness = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("harness.out").toFile())
                .redirectError(dir.resolve("harness.err").toFile())
                .start();
        try {
            List<ProcessHandle> qemus = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                qemus.clear();
                qemus.addAll(qemuDescendants(harness.toHandle()));
                return !qemus.isEmpty() || !harness.isAlive();
            });
            assertThat(qemus).as("the harness started QEMU (stderr: %s)", read(dir.resolve("harness.err"))).isNotEmpty();

            harness.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> qemus.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(Files.exists(dir.resolve("never.json"))).isFalse();
        } finally {
            harness.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            harness.destroyForcibly();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
