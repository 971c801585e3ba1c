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
import java.util.stream.Stream;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * Builds an out-of-tree kernel module (a directory with a Kbuild file and its C sources) against
 * a Debian kernel's headers, with {@code make -C <headers> M=<dir> modules}. The sources are
 * copied into {@code <hmsabi cache>/modules/<name>-<hash>/<abi>/} first, so the source directory
 * stays clean and a build of the same sources for the same kernel is reused.
 */
public final class ModuleBuilder {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    private final KernelHeaders headers;
    private final Path root;
    private final CommandRunner runner = new CommandRunner();

    public ModuleBuilder(KernelHeaders headers, Path modulesCacheRoot) {
        this.headers = Objects.requireNonNull(headers, "headers");
        this.root = Objects.requireNonNull(modulesCacheRoot, "modulesCacheRoot").toAbsolutePath().normalize();
    }

    /**
     * The compiler the kernel was built with ({@code CONFIG_CC_VERSION_TEXT} of the headers'
     * {@code .config}, e.g. {@code x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0}) must be on
     * this machine's PATH: Kbuild calls it by that name and passes it the options it was
     * configured with ({@code -fmin-function-alignment} needs gcc 14), so no other gcc will do.
     */
    static void requireCompiler(Path buildDirectory, DebianKernel kernel) {
        Path config = buildDirectory.resolve(".config");
        String compiler;
        try {
            compiler = Files.readAllLines(config).stream().filter(line -> line.startsWith("CONFIG_CC_VERSION_TEXT=\""))
                    .map(line -> line.substring("CONFIG_CC_VERSION_TEXT=\"".length()).replaceAll("\"$", ""))
                    .findFirst().orElse("");
        } catch (IOException unreadable) {
            return; // headers without a .config: make will say what is wrong
        }
        String command = compiler.split(" ", 2)[0];
        if (!command.matches("[A-Za-z0-9._+-]{1,64}") || onPath(command)) {
            return;
        }
        String gcc = command.replaceAll(".*-(gcc-[0-9]+)$", "$1");
        throw new CompilerMissingException(kernel.text() + " was built with " + compiler.strip()
                + ", which this machine does not have; modules for it build only with that compiler"
                + " (install " + gcc + " from the Debian release that built the kernel, or build on such a machine)");
    }

    private static boolean onPath(String command) {
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
        requireCompiler(buildDirectory, kernel);
        try {
            Files.createDirectories(target.getParent());
            Path work = Files.createTempDirectory(target.getParent(), kernel.abi() + ".building-");
            try {
                for (Path source : sources) {
                    Files.copy(source, work.resolve(source.getFileName()));
                }
                CommandRunner.Result result = runner.run(
                        List.of("make", "-C", buildDirectory.toString(), "M=" + work, "modules"), work, BUILD_TIMEOUT);
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
