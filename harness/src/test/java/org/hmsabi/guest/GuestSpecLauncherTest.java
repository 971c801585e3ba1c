package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hmsabi.qemu.ContainerLauncher;
import org.hmsabi.qemu.QemuLauncher;
import org.junit.jupiter.api.Test;

/** The runner chosen for a guest survives every other change to its spec. */
class GuestSpecLauncherTest {
    private static final GuestSpec SPEC = new GuestSpec("k on t", Path.of("/k"), Optional.empty(), false, List.of(),
            GuestSpec.Transport.AUTO, Duration.ofSeconds(5), Path.of("/cache"), List.of(), true);

    @Test
    void aSpecWithoutALauncherRunsQemuOnTheHost() {
        assertThat(SPEC.launcher()).isEqualTo(QemuLauncher.host());
    }

    @Test
    void theContainerLauncherIsKeptThroughTheOtherWithers() {
        ContainerLauncher container = new ContainerLauncher("hmsabi/qemu:test");
        GuestSpec spec = SPEC.withLauncher(container)
                .withTransport(GuestSpec.Transport.SERIAL)
                .withBootTimeout(Duration.ofSeconds(9))
                .withExtraKernelArguments(List.of("loglevel=8"))
                .withSavedStates(false);
        assertThat(spec.launcher()).isEqualTo(container);
        assertThat(spec.transport()).isEqualTo(GuestSpec.Transport.SERIAL);
        assertThat(spec.reuseSavedState()).isFalse();
    }

    @Test
    void theQemuCommandUsesTheLaunchersBinary() {
        GuestSpec inContainer = SPEC.withLauncher(new ContainerLauncher("hmsabi/qemu:test"));
        assertThat(Guest.command(inContainer, Path.of("/i.cpio"), false, Path.of("/s"), Path.of("/v"), Optional.empty(),
                Optional.empty()).binary()).isEqualTo(ContainerLauncher.BINARY);
    }
}
