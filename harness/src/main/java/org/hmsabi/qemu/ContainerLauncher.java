package org.hmsabi.qemu;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Volume;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hmsabi.HmsabiException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.Messages;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs QEMU in a container of the local image {@code image} (built by vm-images/container/build,
 * never pulled), through Testcontainers: network mode {@code none}, the kernel and initramfs
 * bind-mounted read-only at their host paths, the agent and QMP sockets in a bind-mounted
 * directory, QEMU running as this process's user.
 *
 * <p>No container outlives the harness: closing the guest removes it, a JVM killed outright is
 * covered by {@link ContainerProcess}'s reaper, and containers whose owner (the label
 * {@value #OWNER_LABEL}) is dead are removed before every start and by ci/docker-up.
 * Testcontainers needs two settings it reads from the environment only, {@link #REQUIRED_ENVIRONMENT}.
 */
public record ContainerLauncher(String image) implements QemuLauncher {
    public static final String RUNNER_LABEL = "org.hmsabi.runner";
    public static final String OWNER_LABEL = "org.hmsabi.owner";
    /** The binary inside the image: Debian's qemu-system-x86. */
    public static final String BINARY = "qemu-system-x86_64";
    private static final String RECIPE = "vm-images/container/build";
    /** The Debian suite of the image unless one is asked for: bookworm, whose QEMU is 7.2. */
    public static final String DEFAULT_SUITE = "bookworm";
    /**
     * Read by Testcontainers from the environment only: its reaper, Ryuk, runs from an image that
     * cannot be pulled here; and it finds the engine's address through the bridge network, which
     * dockerd --bridge=none does not have (containers here use network mode none anyway).
     */
    static final Map<String, String> REQUIRED_ENVIRONMENT =
            Map.of("TESTCONTAINERS_RYUK_DISABLED", "true", "TESTCONTAINERS_HOST_OVERRIDE", "localhost");

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
        Path script = repositoryRoot.resolve(RECIPE);
        if (!Files.isExecutable(script)) {
            throw new InfrastructureException("the container runner needs the image recipe " + script
                    + ", which is missing: run from a clone of hmsabi");
        }
        try {
            Process build = new ProcessBuilder(script.toString(), "--suite", suite).start();
            String lastMessage = "";
            try (BufferedReader messages = new BufferedReader(new InputStreamReader(build.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = messages.readLine()) != null) {
                    progress.accept(line);
                    lastMessage = line;
                }
            }
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!build.waitFor(1, TimeUnit.MINUTES)) { // its output has ended: it is exiting
                build.destroyForcibly();
                throw new InfrastructureException(RECIPE + " closed its output but did not exit");
            }
            if (build.exitValue() != 0 || output.isEmpty()) {
                throw new InfrastructureException("cannot build the container image with " + RECIPE
                        + (lastMessage.isBlank() ? " (exit " + build.exitValue() + ")" : ": " + lastMessage));
            }
            return new ContainerLauncher(output.lines().reduce((first, second) -> second).orElseThrow());
        } catch (IOException e) {
            throw new InfrastructureException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while building the container image", e);
        }
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
        try {
            DockerClient docker = engine();
            return "container " + image + " " + imageId(docker);
        } catch (RuntimeException e) {
            throw engineFailure(e);
        }
    }

    /** Runs the image's QEMU in a container of its own that boots nothing, removed afterwards. */
    @Override
    public String query(List<String> arguments) {
        DockerClient docker;
        try {
            docker = engine();
            imageId(docker);
        } catch (RuntimeException e) {
            throw engineFailure(e);
        }
        List<String> argv = new ArrayList<>();
        argv.add(BINARY);
        argv.addAll(arguments);
        ContainerPlan plan = new ContainerPlan(newName(), image, argv, List.of(), List.of(), labels(ContainerOwner.current()),
                currentUser());
        Process process;
        try {
            process = ContainerProcess.start(plan.name(), container(plan), docker, dockerHost());
        } catch (RuntimeException e) {
            throw new InfrastructureException("cannot run QEMU in a container of " + image + ": " + oneLine(e)
                    + "; reproduce with: " + plan.shellLine(), e);
        }
        try {
            return QemuQuery.output(process, plan.shellLine());
        } finally {
            process.destroy();
        }
    }

    @Override
    public QemuProcess start(QemuCommand command, List<Path> writableDirectories) {
        DockerClient docker;
        try {
            docker = engine();
            imageId(docker);
            removeOrphans(docker);
        } catch (RuntimeException e) {
            throw engineFailure(e);
        }
        ContainerPlan plan = plan(command, writableDirectories, ContainerOwner.current(), currentUser());
        for (Path directory : plan.writableDirectories()) {
            try {
                Files.createDirectories(directory); // Docker would create a missing one owned by root
            } catch (IOException e) {
                throw new InfrastructureException("cannot create " + directory + " for the container: " + e.getMessage(), e);
            }
        }
        try {
            return QemuProcess.supervise(ContainerProcess.start(plan.name(), container(plan), docker, dockerHost()));
        } catch (RuntimeException e) {
            throw new InfrastructureException("cannot start QEMU in a container of " + image + ": " + oneLine(e)
                    + "; reproduce with: " + plan.shellLine(), e);
        }
    }

    /** A Docker client failure (engine gone, a conflict) as one line, not a stack trace; ours pass through. */
    private RuntimeException engineFailure(RuntimeException e) {
        if (e instanceof HmsabiException) {
            return e;
        }
        return new InfrastructureException("the Docker engine failed for the container runner (" + image + "): " + oneLine(e)
                + "; is it running? start it with ci/docker-up", e);
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
        return new ContainerPlan(newName(), image, argv, readOnly, List.copyOf(writable), labels(owner), user);
    }

    /** A container name unique per run: the reaper knows it before the container exists. */
    private static String newName() {
        return "hmsabi-qemu-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static Map<String, String> labels(ContainerOwner owner) {
        return Map.of(RUNNER_LABEL, "container", OWNER_LABEL, owner.label());
    }

    private static GenericContainer<?> container(ContainerPlan plan) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(plan.image()))
                .withImagePullPolicy(name -> false)
                .withNetworkMode(ContainerPlan.NETWORK_MODE)
                .withLabels(plan.labels())
                .withCommand(plan.command().toArray(String[]::new))
                .withStartupAttempts(1)
                .withStartupCheckStrategy(new StartedIsEnough())
                .waitingFor(new NothingToWaitFor())
                .withCreateContainerCmdModifier(create -> {
                    create.withName(plan.name()).withUser(plan.user());
                    // Binds go straight to Docker: Testcontainers' own bind option first checks that
                    // mounting works by running a helper image, which cannot be pulled here.
                    create.getHostConfig().withBinds(binds(plan));
                });
        return container;
    }

    private static List<Bind> binds(ContainerPlan plan) {
        List<Bind> binds = new ArrayList<>();
        plan.readOnlyFiles().forEach(file -> binds.add(new Bind(file.toString(), new Volume(file.toString()), AccessMode.ro)));
        plan.writableDirectories().forEach(dir -> binds.add(new Bind(dir.toString(), new Volume(dir.toString()), AccessMode.rw)));
        return binds;
    }

    /** Removes the containers of harness processes that died without removing them (e.g. SIGKILL). */
    static int removeOrphans(DockerClient docker) {
        int removed = 0;
        List<Container> ours = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RUNNER_LABEL, "container")).exec();
        for (Container container : ours) {
            String owner = container.getLabels() == null ? null : container.getLabels().get(OWNER_LABEL);
            if (ContainerOwner.parse(owner).map(ContainerOwner::mayBeAlive).orElse(true)) {
                continue;
            }
            try {
                docker.removeContainerCmd(container.getId()).withForce(true).exec();
                removed++;
            } catch (NotFoundException | ConflictException alreadyGone) {
                // removed by its reaper or a concurrent cleanup meanwhile
            }
        }
        return removed;
    }

    /** The engine Testcontainers finds (DOCKER_HOST, else /var/run/docker.sock), or a one-line reason why not. */
    static DockerClient engine() {
        List<String> missing = REQUIRED_ENVIRONMENT.entrySet().stream()
                .filter(variable -> !variable.getValue().equalsIgnoreCase(String.valueOf(System.getenv(variable.getKey()))))
                .map(variable -> variable.getKey() + "=" + variable.getValue())
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            throw new InfrastructureException("the container runner needs " + String.join(" ", missing)
                    + " in the environment (./hmsabi and the Maven build set them; see docs/container-runner.md)");
        }
        DockerClientFactory factory = DockerClientFactory.instance();
        if (!factory.isDockerAvailable()) {
            throw new InfrastructureException("no Docker engine answers for the container runner: start one with ci/docker-up");
        }
        return factory.client();
    }

    private String imageId(DockerClient docker) {
        try {
            return docker.inspectImageCmd(image).exec().getId();
        } catch (NotFoundException e) {
            throw new InfrastructureException("the Docker engine has no image " + image
                    + " (images are never pulled): build it with vm-images/container/build");
        }
    }

    private static String dockerHost() {
        return DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
    }

    private static String currentUser() {
        try {
            Path self = Path.of("/proc/self");
            return Files.getAttribute(self, "unix:uid") + ":" + Files.getAttribute(self, "unix:gid");
        } catch (IOException | UnsupportedOperationException e) {
            return "0:0";
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Messages.firstLine(root).strip();
    }

    /** QEMU either runs or exits with its own diagnosis, which the guest layer reads from stderr. */
    private static final class StartedIsEnough extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
            return StartupStatus.SUCCESSFUL;
        }
    }

    /** Readiness is the agent's hello, which the guest layer waits for. */
    private static final class NothingToWaitFor extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // nothing: see the class comment
        }
    }
}
