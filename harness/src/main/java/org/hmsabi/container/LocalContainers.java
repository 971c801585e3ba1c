package org.hmsabi.container;

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
import java.util.List;
import java.util.Map;
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
 * Runs a command in a container of a local image, through Testcontainers: the one way hmsabi
 * starts containers (QEMU for the container runner, make for a module build). Images come from
 * the recipe vm-images/container/build and are never pulled; the container has network mode
 * {@code none}, host paths bind-mounted at the same paths, and runs as this process's user.
 *
 * <p>No container outlives the harness: destroying the {@link ContainerProcess} removes it, a JVM
 * killed outright is covered by its reaper, and containers whose owner (the label
 * {@value #OWNER_LABEL}) is dead are removed before every start and by ci/docker-up.
 * Testcontainers needs two settings it reads from the environment only, {@link #REQUIRED_ENVIRONMENT}.
 */
public final class LocalContainers {
    public static final String RUNNER_LABEL = "org.hmsabi.runner";
    public static final String OWNER_LABEL = "org.hmsabi.owner";
    /** What ci/docker-up and the harness do when there is no engine; every refusal for a missing engine names it. */
    public static final String ENGINE_HINT = "start one with ci/docker-up";
    private static final String RECIPE = "vm-images/container/build";
    /**
     * Read by Testcontainers from the environment only: its reaper, Ryuk, runs from an image that
     * cannot be pulled here; and it finds the engine's address through the bridge network, which
     * dockerd --bridge=none does not have (containers here use network mode none anyway).
     */
    public static final Map<String, String> REQUIRED_ENVIRONMENT =
            Map.of("TESTCONTAINERS_RYUK_DISABLED", "true", "TESTCONTAINERS_HOST_OVERRIDE", "localhost");

    /** The images the recipe builds, each with its own package list (vm-images/container/packages, kbuild-packages). */
    public enum Image {
        /** hmsabi/qemu: QEMU and its firmware. */
        QEMU("qemu"),
        /** hmsabi/kbuild: make and the suite's gcc, for out-of-tree module builds. */
        KBUILD("kbuild");

        private final String recipeName;

        Image(String recipeName) {
            this.recipeName = recipeName;
        }

        public String recipeName() {
            return recipeName;
        }
    }

    private LocalContainers() {
    }

    /**
     * The image {@code image} of Debian {@code suite} from the recipe in {@code repositoryRoot},
     * built first if this engine lacks it (a debootstrap from Debian's archive, minutes; later
     * calls find it). The recipe's messages go to {@code progress}.
     */
    public static String fromRecipe(Path repositoryRoot, Image image, String suite, Consumer<String> progress) {
        Path script = repositoryRoot.resolve(RECIPE);
        if (!Files.isExecutable(script)) {
            throw new InfrastructureException("containers need the image recipe " + script
                    + ", which is missing: run from a clone of hmsabi");
        }
        try {
            Process build = new ProcessBuilder(script.toString(), "--image", image.recipeName(), "--suite", suite).start();
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
                throw new InfrastructureException("cannot build the " + suite + " " + image.recipeName() + " container image with "
                        + RECIPE + (lastMessage.isBlank() ? " (exit " + build.exitValue() + ")" : ": " + lastMessage));
            }
            return output.lines().reduce((first, second) -> second).orElseThrow();
        } catch (IOException e) {
            throw new InfrastructureException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while building the container image", e);
        }
    }

    /**
     * A plan for running {@code argv} in {@code image}: a fresh name starting {@code namePrefix},
     * the runner and owner labels, this process's user.
     */
    public static ContainerPlan plan(String namePrefix, String image, List<String> argv, List<Path> readOnly, List<Path> writable) {
        return plan(namePrefix, image, argv, readOnly, writable, ContainerOwner.current(), currentUser());
    }

    /** The same with the owner and the {@code uid:gid} given. */
    public static ContainerPlan plan(String namePrefix, String image, List<String> argv, List<Path> readOnly, List<Path> writable,
            ContainerOwner owner, String user) {
        return new ContainerPlan(namePrefix + UUID.randomUUID().toString().substring(0, 13), image, argv, readOnly, writable,
                Map.of(RUNNER_LABEL, "container", OWNER_LABEL, owner.label()), user);
    }

    /**
     * Starts {@code plan}: the engine asked for, the image checked (never pulled), containers of
     * dead owners removed, writable directories created, the reaper started before the container.
     * {@code what} names the run in a failure ("QEMU", "make"), which also gives the reproducer.
     */
    public static ContainerProcess start(ContainerPlan plan, String what) {
        DockerClient docker;
        try {
            docker = engine();
            imageId(docker, plan.image());
            removeOrphans(docker);
        } catch (RuntimeException e) {
            throw engineFailure(e, plan.image());
        }
        for (Path directory : plan.writableDirectories()) {
            try {
                Files.createDirectories(directory); // Docker would create a missing one owned by root
            } catch (IOException e) {
                throw new InfrastructureException("cannot create " + directory + " for the container: " + e.getMessage(), e);
            }
        }
        try {
            return ContainerProcess.start(plan.name(), container(plan), docker, dockerHost());
        } catch (RuntimeException e) {
            throw new InfrastructureException("cannot start " + what + " in a container of " + plan.image() + ": " + oneLine(e)
                    + "; reproduce with: " + plan.shellLine(), e);
        }
    }

    /** The image's content id, for keying what depends on the image's contents. */
    public static String imageId(String image) {
        try {
            return imageId(engine(), image);
        } catch (RuntimeException e) {
            throw engineFailure(e, image);
        }
    }

    /** A Docker client failure (engine gone, a conflict) as one line, not a stack trace; ours pass through. */
    private static RuntimeException engineFailure(RuntimeException e, String image) {
        if (e instanceof HmsabiException) {
            return e;
        }
        return new InfrastructureException("the Docker engine failed for a container of " + image + ": " + oneLine(e)
                + "; is it running? " + ENGINE_HINT, e);
    }

    private static GenericContainer<?> container(ContainerPlan plan) {
        return new GenericContainer<>(DockerImageName.parse(plan.image()))
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
            throw new InfrastructureException("containers need " + String.join(" ", missing)
                    + " in the environment (./hmsabi and the Maven build set them; see docs/container-runner.md)");
        }
        DockerClientFactory factory = DockerClientFactory.instance();
        if (!factory.isDockerAvailable()) {
            throw new InfrastructureException("no Docker engine answers: " + ENGINE_HINT);
        }
        return factory.client();
    }

    private static String imageId(DockerClient docker, String image) {
        try {
            return docker.inspectImageCmd(image).exec().getId();
        } catch (NotFoundException e) {
            throw new InfrastructureException("the Docker engine has no image " + image
                    + " (images are never pulled): build it with " + RECIPE);
        }
    }

    private static String dockerHost() {
        return DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
    }

    /** This process's {@code uid:gid}, which a container runs as so that what it creates is ours. */
    public static String currentUser() {
        try {
            Path self = Path.of("/proc/self");
            return Files.getAttribute(self, "unix:uid") + ":" + Files.getAttribute(self, "unix:gid");
        } catch (IOException | UnsupportedOperationException e) {
            return "0:0";
        }
    }

    /** The root cause's first line. */
    public static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Messages.firstLine(root).strip();
    }

    /** The command either runs or exits with its own diagnosis, which the caller reads from its output. */
    private static final class StartedIsEnough extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
            return StartupStatus.SUCCESSFUL;
        }
    }

    /** Readiness is the caller's business (for QEMU, the agent's hello). */
    private static final class NothingToWaitFor extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // nothing: see the class comment
        }
    }
}
