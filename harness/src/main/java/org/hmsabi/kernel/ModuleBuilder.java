package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.Messages;
import org.hmsabi.container.ContainerPlan;
import org.hmsabi.container.LocalContainers;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * Builds an out-of-tree kernel module (a directory with a Kbuild file and its C sources) against
 * a Debian kernel's headers, with {@code make -C <headers> M=<dir> modules}. The sources are
 * copied into {@code <hmsabi cache>/modules/<name>-<hash>/<abi>/} first, so the source directory
 * stays clean and a build of the same sources for the same kernel is reused.
 *
 * <p>Kbuild calls the compiler the kernel was built with, by name, with the options it was
 * configured with; so the build runs on this machine when it has that compiler, else in the
 * module builder container of the Debian suite that has it ({@link BuilderSuites}, an image of
 * vm-images/container/build --image kbuild), with the headers mounted read-only and the build
 * directory writable at their own paths. That container also has the suite's C library, which
 * the kernel's prebuilt Kbuild tools need (trixie's objtool needs glibc 2.38; bookworm has 2.36).
 */
public final class ModuleBuilder {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final String CONTAINER_PREFIX = "hmsabi-kbuild-";

    private final KernelHeaders headers;
    private final Path root;
    private final Path repositoryRoot;
    private final Consumer<String> progress;
    private final CommandRunner runner = new CommandRunner();

    /**
     * @param repositoryRoot where the builder images' recipe and package list are (vm-images/container)
     * @param progress       what is built where, and the image build's messages
     */
    public ModuleBuilder(KernelHeaders headers, Path modulesCacheRoot, Path repositoryRoot, Consumer<String> progress) {
        this.headers = Objects.requireNonNull(headers, "headers");
        this.root = Objects.requireNonNull(modulesCacheRoot, "modulesCacheRoot").toAbsolutePath().normalize();
        this.repositoryRoot = Objects.requireNonNull(repositoryRoot, "repositoryRoot");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * The compiler the kernel was built with: {@code CONFIG_CC_VERSION_TEXT} of the headers'
     * {@code .config}, e.g. {@code x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0}; empty when
     * the headers have none (make will say what is wrong).
     */
    static String compilerOf(Path buildDirectory) {
        try {
            return Files.readAllLines(buildDirectory.resolve(".config")).stream()
                    .filter(line -> line.startsWith("CONFIG_CC_VERSION_TEXT=\""))
                    .map(line -> line.substring("CONFIG_CC_VERSION_TEXT=\"".length()).replaceAll("\"$", "").strip())
                    .findFirst().orElse("");
        } catch (IOException unreadable) {
            return "";
        }
    }

    /**
     * Where to build for a kernel built with {@code compiler} (its {@code CONFIG_CC_VERSION_TEXT}):
     * on this machine when {@code onPath} finds the compiler's command, else in the builder
     * container of the suite that has its gcc package. A compiler no suite has is refused, naming
     * it and the line that would add a suite.
     */
    static ModuleToolchain toolchain(String compiler, DebianKernel kernel, Predicate<String> onPath, BuilderSuites suites) {
        String command = compiler.split(" ", 2)[0];
        if (!command.matches("[A-Za-z0-9._+-]{1,64}") || onPath.test(command)) {
            return new ModuleToolchain.Host(command);
        }
        Matcher gcc = Pattern.compile("(?:^|-)(gcc-[0-9]+)$").matcher(command);
        if (!gcc.find()) {
            throw new CompilerMissingException(kernel.text() + " was built with " + compiler
                    + ", which this machine does not have and no module builder image has; modules for it build only with that compiler");
        }
        return suites.suiteFor(gcc.group(1)).<ModuleToolchain>map(suite -> new ModuleToolchain.BuilderContainer(suite, gcc.group(1)))
                .orElseThrow(() -> new CompilerMissingException(kernel.text() + " was built with " + compiler
                        + ", which this machine does not have, and no module builder image has " + gcc.group(1)
                        + " (" + BuilderSuites.FILE + " has " + suites.describe() + "); add a line '" + gcc.group(1)
                        + " SUITE' there for the Debian suite that has it"));
    }

    /** The refusal when the builder container that has the compiler cannot be had (no Docker engine, no image). */
    static CompilerMissingException containerUnavailable(DebianKernel kernel, String compiler,
            ModuleToolchain.BuilderContainer container, String why) {
        String reason = why.contains("ci/docker-up") ? why : why + " (a Docker engine: " + LocalContainers.ENGINE_HINT + ")";
        return new CompilerMissingException(kernel.text() + " was built with " + compiler + ", which this machine does not have;"
                + " modules for it are built in " + container.describe() + ", which cannot run here: " + reason);
    }

    /** make in the builder container: the headers' cache entry read-only, the build directory writable. */
    static ContainerPlan containerPlan(String image, Path headersEntry, List<String> make, Path work) {
        return LocalContainers.plan(CONTAINER_PREFIX, image, make, List.of(headersEntry), List.of(work));
    }

    static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Where built modules are cached: beside {@code kernels/}, in {@code modules/}. */
    public static Path locateRoot(Path hmsabiCacheRoot) {
        return hmsabiCacheRoot.resolve("modules");
    }

    /** The built {@code .ko} files of {@code sourceDir} for {@code kernel}, sorted by name. */
    public List<Path> build(Path sourceDir, DebianKernel kernel) {
        List<Path> sources = sources(sourceDir);
        Path target = root.resolve(sourceDir.toAbsolutePath().normalize().getFileName() + "-" + hash(sources))
                .resolve(kernel.abi());
        List<Path> built = modulesIn(target);
        if (!built.isEmpty()) {
            return built;
        }
        Path buildDirectory = headers.buildDirectory(kernel);
        String compiler = compilerOf(buildDirectory);
        ModuleToolchain toolchain = toolchain(compiler, kernel, ModuleBuilder::onPath, BuilderSuites.of(repositoryRoot));
        Optional<String> image = toolchain instanceof ModuleToolchain.BuilderContainer container
                ? Optional.of(builderImage(kernel, compiler, container)) : Optional.empty();
        progress.accept("building " + sourceDir.toAbsolutePath().normalize().getFileName() + " for " + kernel.text() + " in "
                + toolchain.describe() + "...");
        try {
            Files.createDirectories(target.getParent());
            Path work = Files.createTempDirectory(target.getParent(), kernel.abi() + ".building-");
            try {
                for (Path source : sources) {
                    Files.copy(source, work.resolve(source.getFileName()));
                }
                List<String> make = List.of("make", "-C", buildDirectory.toString(), "M=" + work, "modules");
                CommandRunner.Result result = image.isEmpty() ? runner.run(make, work, BUILD_TIMEOUT)
                        : inContainer(containerPlan(image.get(), headers.entryOf(kernel), make, work));
                if (!result.succeeded()) {
                    throw new BadInputException(sourceDir + " does not build for " + kernel.text() + ": "
                            + lastLines(result.stderr() + result.stdout(), 12));
                }
                if (modulesIn(work).isEmpty()) {
                    throw new BadInputException(sourceDir + ": make built no .ko for " + kernel.text() + "; check its Kbuild file");
                }
                try {
                    Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    // another process built the same sources meanwhile; its result is as good as ours
                    if (modulesIn(target).isEmpty()) {
                        throw raced;
                    }
                }
            } finally {
                LocalFiles.deleteTree(work);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot build " + sourceDir + " under " + root + ": " + e.getMessage(), e);
        }
        return modulesIn(target);
    }

    /** The builder image of the container's suite, built on first use; a refusal naming ci/docker-up without an engine. */
    private String builderImage(DebianKernel kernel, String compiler, ModuleToolchain.BuilderContainer container) {
        try {
            return LocalContainers.fromRecipe(repositoryRoot, LocalContainers.Image.KBUILD, container.suite(), progress);
        } catch (InfrastructureException e) {
            throw containerUnavailable(kernel, compiler, container, Messages.firstLine(e));
        }
    }

    /** Runs the plan's make and waits for it; the container is gone afterwards, whatever happened. */
    private CommandRunner.Result inContainer(ContainerPlan plan) {
        Process process = LocalContainers.start(plan, "make");
        try {
            return runner.finish(process, plan.command(), BUILD_TIMEOUT);
        } finally {
            process.destroy();
        }
    }

    /** The files make needs: Kbuild, Makefile, C sources and headers, directly in the directory. */
    private static List<Path> sources(Path sourceDir) {
        if (!Files.isDirectory(sourceDir)) {
            throw new BadInputException(sourceDir + ": not a directory with a module's sources");
        }
        try (Stream<Path> files = Files.list(sourceDir)) {
            List<Path> sources = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches("Kbuild|Makefile|.*\\.[ch]"))
                    .sorted().toList();
            if (sources.stream().noneMatch(f -> f.getFileName().toString().equals("Kbuild"))) {
                throw new BadInputException(sourceDir + " has no Kbuild file; add one with 'obj-m := NAME.o'");
            }
            return sources;
        } catch (IOException e) {
            throw new BadInputException(sourceDir + ": cannot list the module sources (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> modulesIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ko")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String hash(List<Path> sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path source : sources) {
                digest.update(source.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(source));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new BadInputException("cannot read the module sources: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}
