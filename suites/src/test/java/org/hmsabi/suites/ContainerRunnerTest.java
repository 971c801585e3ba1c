package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestBootException;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.guest.GuestSpecs;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.qemu.ContainerLauncher;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.qemu.TestDockerEngine;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container runner end to end: ci/docker-up starts (or finds) the engine, the image is built
 * from vm-images/container (or found), and a Debian kernel boots in QEMU inside the container.
 * Where no Docker engine can run, every test here is skipped with docker-up's reason.
 */
@Tag("guest")
@Tag("container")
class ContainerRunnerTest {
    private static final String KERNEL = TestGuests.pinnedReference("6.12");
    private static final String TOPOLOGY = "two-socket-hbm";

    private static TestDockerEngine engine;
    private static ContainerLauncher launcher;

    @BeforeAll
    static void engineAndImage() throws Exception {
        engine = TestDockerEngine.up(TestGuests.workspace().root(), "the container runner is not tested here");
        if (!engine.available()) {
            return;
        }
        Instant start = Instant.now();
        launcher = ContainerLauncher.fromRecipe(TestGuests.workspace().root(), line -> System.err.println("  " + line));
        System.err.printf("container image %s ready in %.1f s%n", launcher.image(),
                Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    /** Each test is reported as skipped, with the reason, rather than the class vanishing from the counts. */
    @BeforeEach
    void needsAnEngine() {
        engine.assumeAvailable();
    }


    @Test
    void aGuestInTheContainerShowsWhatTheSameGuestOnTheHostShows() throws Exception {
        Kernel kernel = TestGuests.kernel(KERNEL);
        Topology topology = TestGuests.topology(TOPOLOGY);
        GuestSpec onHost = GuestSpecs.of(kernel, topology, TestGuests.workspace().cacheRoot()).withSavedStates(false);
        String orphan = plantAnOrphanContainer();

        String hostSnapshot;
        try (Guest guest = Guest.boot(onHost)) {
            hostSnapshot = SnapshotFiles.toCanonicalJson(Snapshots.capture(guest, kernel, topology));
        }
        String containerSnapshot;
        try (Guest guest = Guest.boot(onHost.withLauncher(launcher))) {
            assertThat(containersOf(ProcessHandle.current().pid())).as("QEMU runs in a container of this JVM").hasSize(1);
            assertThat(guest.command().binary()).isEqualTo(ContainerLauncher.BINARY);
            containerSnapshot = SnapshotFiles.toCanonicalJson(Snapshots.capture(guest, kernel, topology));
        }

        assertThat(containerSnapshot).isEqualTo(hostSnapshot);
        assertThat(containersOf(ProcessHandle.current().pid())).as("closing the guest removed its container").isEmpty();
        assertThat(docker("ps", "-aq", "--no-trunc", "--filter", "id=" + orphan).stdout())
                .as("a container whose harness died is removed before the next one starts").isBlank();
    }

    @Test
    void aGuestSavedAndRestoredInTheContainerShowsWhatTheBootedOneShowed(@TempDir Path cache) {
        Kernel kernel = TestGuests.kernel(KERNEL);
        Topology topology = TestGuests.topology(TOPOLOGY);
        GuestSpec spec = GuestSpecs.of(kernel, topology, cache).withLauncher(launcher); // nothing saved yet
        List<String> snapshots = TestGuests.bootedThenRestored(spec, kernel, topology);
        assertThat(snapshots.get(1)).isEqualTo(snapshots.get(0));
    }

    @Test
    void anImageThatIsNoKernelIsQemusErrorInOneLineAndLeavesNoContainer(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("bzImage");
        Files.write(garbage, new byte[64 * 1024]);
        GuestSpec host = GuestSpecs.of(TestGuests.kernel(KERNEL), TestGuests.topology(TOPOLOGY), TestGuests.workspace().cacheRoot());
        GuestSpec broken = new GuestSpec("garbage in a container", garbage, Optional.empty(), host.hmat(), host.topologyArguments(),
                GuestSpec.Transport.AUTO, Duration.ofSeconds(60), host.cacheDir(), List.of(), false, List.of(), launcher);

        assertThatThrownBy(() -> Guest.boot(broken))
                .isInstanceOf(GuestBootException.class)
                .hasMessageStartingWith("garbage in a container: QEMU exited with status 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(containersOf(ProcessHandle.current().pid())).isEmpty();
    }

    @Test
    void aHarnessKilledMidBootLeavesNoContainerAndNoQemuBehind(@TempDir Path dir) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "org.hmsabi.cli.Main", "snapshot", "--runner", "container", "--fresh-boot",
                "--kernel", KERNEL, "--topology", TOPOLOGY, "--out", dir.resolve("never.json").toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("harness.out").toFile())
                .redirectError(dir.resolve("harness.err").toFile());
        builder.environment().put("HMSABI_HOME", TestGuests.workspace().root().toString());
        Process harness = builder.start();
        try {
            List<String> containers = new ArrayList<>();
            // The guest's container (QEMU with -kernel), running: before it, the harness asks the image's
            // QEMU for its version in a container of its own that exits at once.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                containers.clear();
                for (String container : containersOf(harness.pid())) {
                    String state = docker("inspect", "-f", "{{.State.Running}} {{json .Config.Cmd}}", container).stdout().strip();
                    if (state.startsWith("true ") && state.contains("\"-kernel\"")) {
                        containers.add(container);
                    }
                }
                return !containers.isEmpty() || !harness.isAlive();
            });
            assertThat(containers).as("the harness runs a guest's container (stderr: %s)", read(dir.resolve("harness.err"))).hasSize(1);
            long qemuPid = Long.parseLong(docker("inspect", "-f", "{{.State.Pid}}", containers.get(0)).stdout().strip());
            assertThat(ProcessHandle.of(qemuPid)).as("QEMU runs, seen from the host").isPresent();

            harness.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> containersOf(harness.pid()).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(qemuPid).filter(ProcessHandle::isAlive).isEmpty());
            assertThat(Files.exists(dir.resolve("never.json"))).isFalse();
        } finally {
            harness.destroyForcibly();
        }
    }

    /** A container labelled as the runner's, owned by a process that has exited: what a SIGKILL leaves. */
    private static String plantAnOrphanContainer() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        Result created = docker("create", "--network", "none",
                "--label", ContainerLauncher.RUNNER_LABEL + "=container",
                "--label", ContainerLauncher.OWNER_LABEL + "=" + host + "/" + gone.pid() + "/1",
                launcher.image(), "true");
        assertThat(created.exit()).as(created.stderr()).isZero();
        return created.stdout().strip();
    }

    /** The runner's containers (running or not) whose owner label names process {@code pid}. */
    private static List<String> containersOf(long pid) throws Exception {
        Result listed = docker("ps", "-a", "--no-trunc", "--filter", "label=" + ContainerLauncher.RUNNER_LABEL + "=container",
                "--format", "{{.ID}} {{.Label \"" + ContainerLauncher.OWNER_LABEL + "\"}}");
        assertThat(listed.exit()).as(listed.stderr()).isZero();
        return listed.stdout().lines()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length == 2 && fields[1].split("/").length == 3
                        && fields[1].split("/")[1].equals(Long.toString(pid)))
                .map(fields -> fields[0])
                .toList();
    }

    record Result(int exit, String stdout, String stderr) {
        String lastErrorLine() {
            return stderr.lines().filter(line -> !line.isBlank()).reduce((first, second) -> second).orElse("(no message)");
        }
    }

    private static Result docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(command, Duration.ofSeconds(60));
    }

    static Result run(List<String> command, Duration timeout) throws Exception {
        Path out = Files.createTempFile("hmsabi-test", ".out");
        Path err = Files.createTempFile("hmsabi-test", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
