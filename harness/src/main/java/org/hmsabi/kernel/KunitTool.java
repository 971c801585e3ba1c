package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.hmsabi.BadInputException;
import org.hmsabi.HmsabiException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.KernelUnavailableException;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * The kernel's own KTAP parser, {@code tools/testing/kunit/kunit.py} ({@code kunit.py parse}), from
 * Debian's {@code linux-source-<series>} package at the version of a pinned kernel: fetched through
 * hmsabi's apt configuration like the kernels and headers, checked against the package index's
 * SHA-256, and only {@code tools/testing/kunit/} of its source tarball kept, in
 * {@code <hmsabi cache>/kunit/<abi>/}. Built in a staging directory under a file lock, its
 * manifest written last, renamed into place. The package is about 150 MB; the entry is about 1 MB.
 */
public final class KunitTool {
    static final String MANIFEST = "kunit.json";
    private static final Duration UNTAR_TIMEOUT = Duration.ofMinutes(10);

    private final DebianArchive archive;
    private final Path root;
    private final KernelPins pins;
    private final Consumer<String> progress;
    private final CommandRunner runner = new CommandRunner();
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What the manifest records: the package the entry was taken from. */
    record Manifest(@JsonProperty("package") String name, @JsonProperty("version") String version,
                    @JsonProperty("sha256") String sha256) {}

    public KunitTool(DebianArchive archive, Path root, KernelPins pins, Consumer<String> progress) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.pins = Objects.requireNonNull(pins, "pins");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** apt, {@code <hmsabi cache>/kunit} and the repository's pins, as {@link KernelHeaders#onThisMachine}. */
    public static KunitTool onThisMachine(Optional<Path> hmsabiCacheDir, Map<String, String> environment,
            Path workingDirectory, Consumer<String> progress) {
        Path root = KernelCache.locateRoot(hmsabiCacheDir, environment).resolveSibling("kunit");
        KernelPins pins = KernelPins.findOrNone(workingDirectory);
        return new KunitTool(Kernels.archive(root.getParent(), pins, environment, progress), root, pins, progress);
    }

    /** The source package of a kernel: {@code linux-source-<series>}, at the version of the kernel's pinned image package. */
    static String packageName(DebianKernel kernel) {
        return "linux-source-" + kernel.series();
    }

    /** {@code kunit.py} of the pinned kernel's source, fetching it on first use. */
    public Path kunitPy(DebianKernel kernel) {
        try {
            DebianPackage pkg = sourcePackage(kernel);
            return script(CacheEntry.obtain(root, kernel.abi(), entry -> isCurrent(entry, pkg),
                    () -> progress.accept("waiting for another hmsabi process to finish fetching kunit.py of " + kernel.text()),
                    (tree, scratch) -> fill(tree, scratch, kernel, pkg)));
        } catch (HmsabiException e) {
            throw Failures.about(kernel.text(), e);
        } catch (IOException e) {
            throw new InfrastructureException(kernel.text() + ": cannot write the kunit cache at " + root
                    + " (" + e.getMessage() + "); free some space or pick another --cache-dir", e);
        }
    }

    private static Path script(Path entry) {
        return entry.resolve("tools/testing/kunit/kunit.py");
    }

    /** The source package at the pinned kernel's version, as the index describes it (its SHA-256 is what the download must have). */
    private DebianPackage sourcePackage(DebianKernel kernel) {
        KernelPin pin = pins.pinFor(kernel).orElseThrow(() -> new BadInputException(kernel.text() + " is not pinned in "
                + pins.describeSource() + "; kunit.py is taken from the source of a pinned kernel (hmsabi kernels pin " + kernel.text() + ")"));
        String version = pin.image().version();
        return archive.describe(packageName(kernel), version).orElseThrow(() -> new KernelUnavailableException(kernel.text(),
                kernel.text() + ": the package index offers no " + packageName(kernel) + " " + version
                        + " (the source of the pinned kernel); pin a kernel whose source the archive still has"));
    }

    private boolean isCurrent(Path entry, DebianPackage pkg) {
        Path file = entry.resolve(MANIFEST);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(script(entry))) {
            return false;
        }
        try {
            Manifest manifest = json.readValue(file.toFile(), Manifest.class);
            return pkg.name().equals(manifest.name()) && pkg.version().equals(manifest.version()) && pkg.sha256().equals(manifest.sha256());
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** Only tools/testing/kunit/ of the package's source tarball, and the manifest last. */
    private void fill(Path tree, Path scratch, DebianKernel kernel, DebianPackage pkg) throws IOException {
        progress.accept("fetching " + pkg.nameAndVersion() + " (" + pkg.sizeMegabytes() + " MB) for kunit.py…");
        Path deb = archive.download(pkg, Files.createDirectories(scratch.resolve("deb")));
        pkg.verifyDownload(deb);
        Path unpacked = Files.createDirectories(scratch.resolve("unpacked"));
        archive.unpack(deb, unpacked);
        String top = "linux-source-" + kernel.series();
        Path tarball = unpacked.resolve("usr/src/" + top + ".tar.xz");
        if (!Files.isRegularFile(tarball)) {
            throw new InfrastructureException(pkg.nameAndVersion() + " has no usr/src/" + top
                    + ".tar.xz; Debian changed the package's layout");
        }
        // Only tools/testing/kunit/ of the tree: the parser and the modules it imports.
        CommandRunner.Result untar = runner.run(List.of("tar", "-xJf", tarball.toString(), "-C", tree.toString(),
                "--strip-components=1", top + "/tools/testing/kunit"), tree, UNTAR_TIMEOUT);
        if (!untar.succeeded()) {
            throw new InfrastructureException("extracting tools/testing/kunit from " + pkg.nameAndVersion() + " failed: "
                    + untar.diagnostic());
        }
        if (!Files.isRegularFile(script(tree))) {
            throw new InfrastructureException(pkg.nameAndVersion() + " has no tools/testing/kunit/kunit.py");
        }
        Files.write(tree.resolve(MANIFEST), json.writeValueAsBytes(new Manifest(pkg.name(), pkg.version(), pkg.sha256())));
    }
}
