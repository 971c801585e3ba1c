package org.hmsabi.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hmsabi.container.ContainerOwner;
import org.hmsabi.container.ContainerPlan;
import org.junit.jupiter.api.Test;

/** What the container runner asks Docker for: checked without an engine, on real command lines. */
class ContainerLauncherTest {
    private static final ContainerLauncher LAUNCHER = new ContainerLauncher("hmsabi/qemu:0123456789abcdef");
    private static final ContainerOwner OWNER = new ContainerOwner("build-host", 4242, 987654);

    private static QemuCommand command(Optional<Path> incoming) {
        return new QemuCommand("/opt/my-qemu/bin/qemu-system-x86_64", Path.of("/cache/kernels/k/vmlinuz"),
                Path.of("/cache/initramfs/abc.cpio"), "console=ttyS0 quiet nokaslr", true, List.of("-smp", "2", "-m", "1024M"),
                Path.of("/tmp/hmsabi-1/agent-serial.sock"), Path.of("/tmp/hmsabi-1/agent-virtio.sock"),
                Optional.of(Path.of("/tmp/hmsabi-1/qmp.sock")), incoming);
    }

    @Test
    void theContainerRunsTheImagesQemuWithTheHostCommandLineUnchanged() {
        QemuCommand command = command(Optional.empty());
        ContainerPlan plan = LAUNCHER.plan(command, List.of(), OWNER, "1000:1000");

        assertThat(plan.command().get(0)).isEqualTo(ContainerLauncher.BINARY);
        assertThat(plan.command().subList(1, plan.command().size())).isEqualTo(command.argv().subList(1, command.argv().size()));
        assertThat(plan.command()).containsSequence("-nic", "none");
        assertThat(plan.image()).isEqualTo("hmsabi/qemu:0123456789abcdef");
        assertThat(plan.user()).isEqualTo("1000:1000");
    }

    @Test
    void kernelAndInitramfsAreReadOnlyAndTheSocketDirectoryIsWritable() {
        ContainerPlan plan = LAUNCHER.plan(command(Optional.empty()), List.of(Path.of("/cache/guest-states")), OWNER, "0:0");

        assertThat(plan.readOnlyFiles()).containsExactly(Path.of("/cache/kernels/k/vmlinuz"), Path.of("/cache/initramfs/abc.cpio"));
        // One mount for the three sockets' directory, then the directories QEMU writes saved states into.
        assertThat(plan.writableDirectories()).containsExactly(Path.of("/tmp/hmsabi-1"), Path.of("/cache/guest-states"));
    }

    @Test
    void aStateToRestoreIsMountedReadOnlyUnlessItsDirectoryIsMountedAlready() {
        Path state = Path.of("/cache/guest-states/key.state");
        ContainerPlan alone = LAUNCHER.plan(command(Optional.of(state)), List.of(), OWNER, "0:0");
        ContainerPlan withStates = LAUNCHER.plan(command(Optional.of(state)), List.of(Path.of("/cache/guest-states")), OWNER, "0:0");

        assertThat(alone.readOnlyFiles()).contains(state);
        assertThat(withStates.readOnlyFiles()).doesNotContain(state);
        assertThat(withStates.writableDirectories()).contains(Path.of("/cache/guest-states"));
    }

    @Test
    void everyContainerIsLabelledWithTheRunnerAndItsOwner() {
        ContainerPlan plan = LAUNCHER.plan(command(Optional.empty()), List.of(), OWNER, "0:0");

        assertThat(plan.labels()).containsEntry(ContainerLauncher.RUNNER_LABEL, "container")
                .containsEntry(ContainerLauncher.OWNER_LABEL, "build-host/4242/987654");
    }

    @Test
    void theReproducerIsADockerRunLineWithNoNetworkAndTheSameMounts() {
        ContainerPlan plan = LAUNCHER.plan(command(Optional.empty()), List.of(), OWNER, "0:0");
        String line = plan.shellLine();

        assertThat(line).startsWith("docker run --rm --name " + plan.name() + " --network none --user 0:0 ")
                .contains(" -v /cache/kernels/k/vmlinuz:/cache/kernels/k/vmlinuz:ro ")
                .contains(" -v /tmp/hmsabi-1:/tmp/hmsabi-1 ")
                .contains(" --label org.hmsabi.owner=build-host/4242/987654 ")
                .contains(" hmsabi/qemu:0123456789abcdef qemu-system-x86_64 -machine q35,hmat=on ")
                .contains("'console=ttyS0 quiet nokaslr'");
    }

    @Test
    void everyRunHasAContainerNameOfItsOwn() {
        ContainerPlan first = LAUNCHER.plan(command(Optional.empty()), List.of(), OWNER, "0:0");
        ContainerPlan second = LAUNCHER.plan(command(Optional.empty()), List.of(), OWNER, "0:0");
        assertThat(first.name()).startsWith("hmsabi-qemu-").isNotEqualTo(second.name());
    }

    @Test
    void eachRunnerNamesItselfAsTheCliDoes() {
        assertThat(QemuLauncher.host().runnerName()).isEqualTo("host");
        assertThat(LAUNCHER.runnerName()).isEqualTo("container");
        assertThat(LAUNCHER.binary()).isEqualTo("qemu-system-x86_64");
    }

    @Test
    void theHostLaunchersQemuIdentityIsItsVersion() {
        assertThat(QemuLauncher.host().qemuIdentity(QemuCommand.DEFAULT_BINARY)).startsWith("QEMU emulator version");
    }
}
