package org.hmsabi.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.hmsabi.container.ContainerOwner;
import org.hmsabi.container.ContainerPlan;
import org.hmsabi.container.LocalContainers;

/**
 * Runs QEMU in a container of the local image {@code image} (built by vm-images/container/build,
 * never pulled), through {@link LocalContainers}: network mode {@code none}, the kernel and
 * initramfs bind-mounted read-only at their host paths, the agent and QMP sockets in a
 * bind-mounted directory, QEMU running as this process's user, no container outliving the harness.
 */
public record ContainerLauncher(String image) implements QemuLauncher {
    public static final String RUNNER_LABEL = LocalContainers.RUNNER_LABEL;
    public static final String OWNER_LABEL = LocalContainers.OWNER_LABEL;
    /** The binary inside the image: Debian's qemu-system-x86. */
    public static final String BINARY = "qemu-system-x86_64";
    /** Every run's container name starts so; the rest is unique per run. */
    private static final String NAME_PREFIX = "hmsabi-qemu-";
    /** The Debian suite of the image unless one is asked for: bookworm, whose QEMU is 7.2. */
    public static final String DEFAULT_SUITE = "bookworm";
    /**
     * The image of the recipe in {@code repositoryRoot}, built first if this engine lacks it
     * (a debootstrap from Debian's archive, about a minute and a half; later calls find it).
     */
    public static ContainerLauncher fromRecipe(Path repositoryRoot, Consumer<String> progress) {
        return fromRecipe(repositoryRoot, DEFAULT_SUITE, progress);
    }

    /**
     * The same from Debian {@code suite}'s packages: {@value #DEFAULT_SUITE} (QEMU 7.2) or
     * {@code trixie} (QEMU 10.0: generic initiators, volatile CXL memory); each suite's image is kept.
     */
    public static ContainerLauncher fromRecipe(Path repositoryRoot, String suite, Consumer<String> progress) {
        return new ContainerLauncher(LocalContainers.fromRecipe(repositoryRoot, LocalContainers.Image.QEMU, suite, progress));
    }

    @Override
    public String runnerName() {
        return "container";
    }

    @Override
    public String binary() {
        return BINARY;
    }

    /** The image's content id: a rebuilt image may hold another QEMU, so its saved states are its own. */
    @Override
    public String qemuIdentity(String binary) {
        return "container " + image + " " + LocalContainers.imageId(image);
    }

    /** Runs the image's QEMU in a container of its own that boots nothing, removed afterwards. */
    @Override
    public String query(List<String> arguments) {
        List<String> argv = new ArrayList<>();
        argv.add(BINARY);
        argv.addAll(arguments);
        ContainerPlan plan = LocalContainers.plan(NAME_PREFIX, image, argv, List.of(), List.of());
        Process process = LocalContainers.start(plan, "QEMU");
        try {
            return QemuQuery.output(process, plan.shellLine());
        } finally {
            process.destroy();
        }
    }

    @Override
    public QemuProcess start(QemuCommand command, List<Path> writableDirectories) {
        return QemuProcess.supervise(LocalContainers.start(plan(command, writableDirectories, ContainerOwner.current(),
                LocalContainers.currentUser()), "QEMU"));
    }

    /** What Docker is asked for; every host path keeps its path inside the container. */
    ContainerPlan plan(QemuCommand command, List<Path> writableDirectories, ContainerOwner owner, String user) {
        List<String> argv = new ArrayList<>(command.argv());
        argv.set(0, BINARY); // the image has its own QEMU; a host override ($HMSABI_QEMU) means nothing in there
        Set<Path> writable = new LinkedHashSet<>();
        for (Path socket : List.of(command.serialAgentSocket(), command.virtioAgentSocket())) {
            writable.add(socket.toAbsolutePath().getParent());
        }
        command.qmpSocket().ifPresent(qmp -> writable.add(qmp.toAbsolutePath().getParent()));
        writableDirectories.forEach(dir -> writable.add(dir.toAbsolutePath()));
        List<Path> readOnly = new ArrayList<>();
        readOnly.add(command.kernelImage().toAbsolutePath());
        readOnly.add(command.initramfs().toAbsolutePath());
        command.incomingState().map(Path::toAbsolutePath)
                .filter(state -> writable.stream().noneMatch(state::startsWith)) // already visible through its directory
                .ifPresent(readOnly::add);
        return LocalContainers.plan(NAME_PREFIX, image, argv, readOnly, List.copyOf(writable), owner, user);
    }
}
