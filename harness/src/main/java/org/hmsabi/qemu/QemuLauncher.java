package org.hmsabi.qemu;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a guest's QEMU runs: on this machine ({@link HostLauncher}) or in a local container
 * ({@link ContainerLauncher}). Either way the command line is the same {@link QemuCommand}, the
 * result is a supervised {@link QemuProcess}, and QEMU never outlives the harness.
 */
public sealed interface QemuLauncher permits HostLauncher, ContainerLauncher {

    /** The launcher of today's default: QEMU as a child process of this JVM. */
    static QemuLauncher host() {
        return new HostLauncher();
    }

    /** {@code host} or {@code container}, as the CLI's {@code --runner} names it. */
    String runnerName();

    /** The QEMU binary this launcher runs, to put into the {@link QemuCommand}. */
    String binary();

    /**
     * What identifies the QEMU build this launcher runs, for keys of saved guest states (a state
     * restores only into the QEMU that wrote it).
     */
    String qemuIdentity(String binary);

    /**
     * The output of this launcher's QEMU run with {@code arguments} and no guest (e.g.
     * {@code -device cxl-type3,help}): what the QEMU that boots the guests can do. Failing to run
     * it is an {@link org.hmsabi.InfrastructureException} naming the run.
     */
    String query(List<String> arguments);

    /**
     * The release of the QEMU this launcher runs ({@code --version} run through the launcher: on
     * this machine, or in a container of the image), probed once per process; empty if it names none.
     */
    default java.util.Optional<QemuVersion> version() {
        return QemuRequirements.version(this);
    }

    /**
     * Starts QEMU. Besides the files and socket directories the command names, QEMU may write
     * into {@code writableDirectories} (saved guest states are written by QEMU itself).
     */
    QemuProcess start(QemuCommand command, List<Path> writableDirectories);
}
