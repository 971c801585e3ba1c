package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;

/**
 * The real archive through hmsabi's own {@link AptConfig}: {@code apt-cache} for the index,
 * {@code apt-get download} for packages, {@code dpkg-deb -x} to unpack. The package lists are
 * read (or refreshed) on the first query. Each program runs directly, without a shell, bounded
 * in time and output.
 */
public final class AptArchive implements DebianArchive {
    private static final Path WORKING_DIRECTORY = Path.of("/");

    private final AptConfig config;
    private final Consumer<String> progress;
    private final CommandRunner runner = new CommandRunner();
    private final Duration queryTimeout;
    private final Duration downloadTimeout;
    private boolean indexReady;

    /** Two minutes for index queries, thirty for an index update, a download or an unpack. */
    public AptArchive(AptConfig config, Consumer<String> progress) {
        this(config, progress, Duration.ofMinutes(2), Duration.ofMinutes(30));
    }

    public AptArchive(AptConfig config, Consumer<String> progress, Duration queryTimeout, Duration downloadTimeout) {
        this.config = Objects.requireNonNull(config, "config");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
        this.downloadTimeout = Objects.requireNonNull(downloadTimeout, "downloadTimeout");
    }

    public AptConfig config() {
        return config;
    }

    private synchronized void ready() {
        if (!indexReady) {
            config.ensureIndex(progress, downloadTimeout);
            indexReady = true;
        }
    }

    @Override
    public List<String> kernelPackageNames() {
        ready();
        CommandRunner.Result result = runner.run(
                config.command("apt-cache", "search", "--names-only", DebianKernelPackages.SEARCH_PATTERN),
                WORKING_DIRECTORY, queryTimeout);
        if (!result.succeeded()) {
            throw new InfrastructureException("searching the package index failed: " + result.diagnostic());
        }
        if (result.stdoutTruncated()) {
            throw new InfrastructureException("apt-cache search printed more than " + CommandRunner.STDOUT_LIMIT
                    + " bytes; the package index in " + config.root() + " looks wrong, delete its lists/ and retry");
        }
        // Lines read "name - description".
        return result.stdout().lines()
                .map(line -> line.split(" ", 2)[0].strip())
                .filter(name -> !name.isEmpty())
                .toList();
    }

    @Override
    public Optional<DebianPackage> describe(String packageName) {
        return show(packageName, List.of("--no-all-versions", packageName));
    }

    @Override
    public Optional<DebianPackage> describe(String packageName, String version) {
        return show(packageName, List.of(packageName + "=" + version))
                .filter(pkg -> pkg.version().equals(version));
    }

    /**
     * The version of {@code packageName} that {@code suite}'s main component offers (apt-cache
     * madison), or empty if that suite has none.
     */
    public Optional<String> versionIn(String packageName, String suite) {
        ready();
        CommandRunner.Result result = runner.run(config.command("apt-cache", "madison", packageName), WORKING_DIRECTORY, queryTimeout);
        if (!result.succeeded()) {
            throw new InfrastructureException("looking up " + packageName + " failed: " + result.diagnostic());
        }
        return madisonVersion(result.stdout(), packageName, suite);
    }

    /** From {@code apt-cache madison} lines ({@code name | version | URL suite/main amd64 Packages}): the version in {@code suite}. */
    static Optional<String> madisonVersion(String output, String packageName, String suite) {
        for (String line : output.lines().limit(200).toList()) {
            String[] fields = line.split("\\|");
            if (fields.length == 3 && fields[0].strip().equals(packageName)
                    && List.of(fields[2].strip().split("\\s+")).contains(suite + "/main")) {
                return Optional.of(fields[1].strip());
            }
        }
        return Optional.empty();
    }

    private Optional<DebianPackage> show(String packageName, List<String> arguments) {
        ready();
        List<String> command = config.command("apt-cache", "show");
        command.addAll(arguments);
        CommandRunner.Result result = runner.run(command, WORKING_DIRECTORY, queryTimeout);
        if (!result.succeeded()) {
            // apt-cache exits 100 with "E: No packages found" for a name the index lacks.
            if (result.stderr().contains("No packages found") || result.stderr().contains("Unable to locate")) {
                return Optional.empty();
            }
            throw new InfrastructureException("looking up " + packageName + " failed: " + result.diagnostic());
        }
        return AptShowOutput.parse(result.stdout(), packageName);
    }

    @Override
    public Path download(DebianPackage pkg, Path directory) {
        ready();
        // name=version pins the download to the version whose checksum the caller holds.
        CommandRunner.Result result = runner.run(
                config.command("apt-get", "-q", "download", pkg.name() + "=" + pkg.version()), directory, downloadTimeout);
        if (!result.succeeded()) {
            throw new InfrastructureException("downloading " + pkg.nameAndVersion() + " failed: "
                    + result.diagnostic() + "; check network access to the Debian mirror");
        }
        List<Path> debs = debsIn(directory);
        if (debs.size() != 1) {
            throw new InfrastructureException("apt-get download " + pkg.nameAndVersion() + " left " + debs.size()
                    + " .deb files in " + directory + " instead of one");
        }
        return debs.get(0);
    }

    @Override
    public void unpack(Path deb, Path directory) {
        CommandRunner.Result result = runner.run(
                List.of("dpkg-deb", "-x", deb.toString(), directory.toString()), WORKING_DIRECTORY, downloadTimeout);
        if (!result.succeeded()) {
            throw new InfrastructureException("unpacking " + deb.getFileName() + " failed: " + result.diagnostic()
                    + "; the download may be damaged, delete it and retry");
        }
    }

    private static List<Path> debsIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".deb")).toList();
        } catch (IOException e) {
            throw new InfrastructureException("cannot list the download directory " + directory + ": " + e.getMessage(), e);
        }
    }
}
