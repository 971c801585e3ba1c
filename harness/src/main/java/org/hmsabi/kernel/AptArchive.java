package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;

/**
 * The real archive: {@code apt-cache} for the index, {@code apt-get download} for packages
 * (works without root, honours the machine's apt sources and proxies), {@code dpkg-deb -x} to
 * unpack. Each program runs directly, without a shell, bounded in time and output.
 */
public final class AptArchive implements DebianArchive {
    private static final Path WORKING_DIRECTORY = Path.of("/");

    private final CommandRunner runner = new CommandRunner();
    private final Duration queryTimeout;
    private final Duration downloadTimeout;

    /** Two minutes for index queries, thirty for a download or an unpack. */
    public AptArchive() {
        this(Duration.ofMinutes(2), Duration.ofMinutes(30));
    }

    public AptArchive(Duration queryTimeout, Duration downloadTimeout) {
        this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
        this.downloadTimeout = Objects.requireNonNull(downloadTimeout, "downloadTimeout");
    }

    @Override
    public List<String> kernelImagePackageNames() {
        CommandRunner.Result result = runner.run(
                List.of("apt-cache", "search", "--names-only", DebianKernelPackages.SEARCH_PATTERN),
                WORKING_DIRECTORY, queryTimeout);
        if (!result.succeeded()) {
            throw new InfrastructureException("searching the package index failed: " + result.diagnostic());
        }
        if (result.stdoutTruncated()) {
            throw new InfrastructureException("apt-cache search printed more than "
                    + CommandRunner.STDOUT_LIMIT + " bytes; the package index looks wrong, run 'apt-get update'");
        }
        // Lines read "name - description".
        return result.stdout().lines()
                .map(line -> line.split(" ", 2)[0].strip())
                .filter(name -> !name.isEmpty())
                .toList();
    }

    @Override
    public Optional<DebianPackage> describe(String packageName) {
        CommandRunner.Result result = runner.run(
                List.of("apt-cache", "show", "--no-all-versions", packageName), WORKING_DIRECTORY, queryTimeout);
        if (!result.succeeded()) {
            // apt-cache exits 100 with "E: No packages found" for a name the index lacks.
            if (result.stderr().contains("No packages found")) {
                return Optional.empty();
            }
            throw new InfrastructureException("looking up " + packageName + " failed: " + result.diagnostic());
        }
        return AptShowOutput.parse(result.stdout(), packageName);
    }

    @Override
    public Path download(DebianPackage pkg, Path directory) {
        // name=version pins the download to the version whose checksum the caller holds. As
        // root apt warns that the _apt user cannot write here; that is harmless.
        CommandRunner.Result result = runner.run(
                List.of("apt-get", "-q", "download", pkg.name() + "=" + pkg.version()), directory, downloadTimeout);
        if (!result.succeeded()) {
            throw new InfrastructureException("downloading " + pkg.nameAndVersion() + " failed: "
                    + result.diagnostic() + "; check network access to the Debian mirror or run 'apt-get update'");
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
