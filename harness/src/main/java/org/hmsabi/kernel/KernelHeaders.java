package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The Debian headers of a kernel, to build out-of-tree modules against: the packages
 * {@code linux-headers-<abi>-amd64}, {@code linux-headers-<abi>-common} and the
 * {@code linux-kbuild-*} they take their build tools from, fetched with {@code apt-get download}
 * (never installed: 6.12's headers depend on the kernel image package), checked against the
 * package index and the pins, unpacked with {@code dpkg-deb -x} into
 * {@code <hmsabi cache>/headers/<abi>/}.
 *
 * <p>The packages expect to live under {@code /usr}: the arch headers' Makefile includes the
 * common Makefile by its absolute path, which is rewritten to the cached copy. Everything else
 * they link (scripts, tools) is relative and stays inside the entry. An entry is built in a
 * staging directory, its manifest written last, and renamed into place, under a file lock.
 */
public final class KernelHeaders {
    static final String MANIFEST = "headers.json";

    private final DebianArchive archive;
    private final Path root;
    private final KernelPins pins;
    private final Consumer<String> progress;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What the manifest records: the exact packages the entry was unpacked from. */
    record Manifest(@JsonProperty("abi") String abi, @JsonProperty("packages") List<Fetched> packages) {}

    record Fetched(@JsonProperty("package") String name, @JsonProperty("version") String version,
                   @JsonProperty("sha256") String sha256) {}

    public KernelHeaders(DebianArchive archive, Path root, KernelPins pins, Consumer<String> progress) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.pins = Objects.requireNonNull(pins, "pins");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** apt, {@code <hmsabi cache>/headers} and the repository's pins, as {@link Kernels#onThisMachine}. */
    public static KernelHeaders onThisMachine(Optional<Path> hmsabiCacheDir, Map<String, String> environment,
            Path workingDirectory, Consumer<String> progress) {
        Path root = KernelCache.locateRoot(hmsabiCacheDir, environment).resolveSibling("headers");
        KernelPins pins = KernelPins.findOrNone(workingDirectory);
        return new KernelHeaders(Kernels.archive(root.getParent(), pins, environment, progress), root, pins, progress);
    }

    /**
     * The three packages of an ABI. Bookworm's own kernels ({@code 6.1.0-N}) share one
     * {@code linux-kbuild-6.1}; backports have one per ABI ({@code linux-kbuild-6.12.117+deb12}).
     */
    static List<String> packageNames(DebianKernel kernel) {
        String abi = kernel.abi();
        String kbuild = abi.matches("\\d+\\.\\d+\\.0-\\d+") ? kernel.series() : abi;
        return List.of("linux-headers-" + abi + "-amd64", "linux-headers-" + abi + "-common", "linux-kbuild-" + kbuild);
    }

    /** The directory to pass to {@code make -C} for this kernel, fetching the headers on first use. */
    public Path buildDirectory(DebianKernel kernel) {
        try {
            return buildDirectoryIn(CacheEntry.obtain(root, kernel.abi(), entry -> isCurrent(entry, kernel),
                    () -> progress.accept("waiting for another hmsabi process to finish fetching the headers of " + kernel.text()),
                    (tree, scratch) -> fill(tree, scratch, root.resolve(kernel.abi()), kernel)), kernel);
        } catch (HmsabiException e) {
            throw Failures.about(kernel.text(), e);
        } catch (IOException e) {
            throw new InfrastructureException(kernel.text() + ": cannot write the headers cache at " + root
                    + " (" + e.getMessage() + "); free some space or pick another --cache-dir", e);
        }
    }

    /**
     * The cache entry {@link #buildDirectory} lies in: everything make reads for the kernel's
     * modules (the arch headers, the common headers their Makefile includes by absolute path, the
     * Kbuild tools they link to), which a builder container mounts.
     */
    public Path entryOf(DebianKernel kernel) {
        return root.resolve(kernel.abi());
    }

    private static Path buildDirectoryIn(Path entry, DebianKernel kernel) {
        return entry.resolve("usr/src/linux-headers-" + kernel.abi() + "-amd64");
    }

    /** An entry is current when its manifest exists and agrees with every pin for its packages. */
    private boolean isCurrent(Path entry, DebianKernel kernel) {
        Path file = entry.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            Manifest manifest = json.readValue(file.toFile(), Manifest.class);
            return manifest.packages() != null && manifest.packages().size() == packageNames(kernel).size()
                    && manifest.packages().stream().allMatch(fetched -> pins.headersPinFor(fetched.name())
                            .map(pin -> pin.version().equals(fetched.version()) && pin.sha256().equals(fetched.sha256()))
                            .orElse(true))
                    && Files.isRegularFile(buildDirectoryIn(entry, kernel).resolve("Makefile"))
                    // an entry written before KBUILD_OUTPUT was rewritten too still points at /usr/src
                    && !USR_SRC.matcher(Files.readString(buildDirectoryIn(entry, kernel).resolve("Makefile"))).find();
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** The three packages unpacked into {@code tree}, the common Makefile pointed at {@code entry}, the manifest last. */
    private void fill(Path tree, Path scratch, Path entry, DebianKernel kernel) throws IOException {
        List<Fetched> fetched = new ArrayList<>();
        for (String name : packageNames(kernel)) {
            DebianPackage pkg = describePinned(name, kernel);
            progress.accept("fetching " + pkg.nameAndVersion() + " (" + pkg.sizeMegabytes() + " MB)…");
            Path deb = archive.download(pkg, Files.createDirectories(scratch.resolve(name)));
            pkg.verifyDownload(deb);
            archive.unpack(deb, tree);
            fetched.add(new Fetched(pkg.name(), pkg.version(), pkg.sha256()));
        }
        pointAtCachedCommonHeaders(buildDirectoryIn(tree, kernel), entry, kernel);
        Files.write(tree.resolve(MANIFEST), json.writeValueAsBytes(new Manifest(kernel.abi(), fetched)));
    }

    /**
     * The pinned version of a headers package, or the index's candidate when it is not pinned. A
     * pinned version the index no longer offers (Debian replaces {@code linux-kbuild-6.1} whenever
     * it publishes a new 6.1 ABI) makes the headers unavailable, a named condition.
     */
    private DebianPackage describePinned(String name, DebianKernel kernel) {
        Optional<PackagePin> pin = pins.headersPinFor(name);
        if (pin.isEmpty()) {
            return archive.describe(name).orElseThrow(() -> new BadInputException("no package " + name
                    + " in the package index; the kernel has no headers package"));
        }
        DebianPackage pkg = archive.describe(name, pin.get().version()).orElseThrow(() -> new KernelUnavailableException(
                kernel.text(), kernel.text() + ": " + pin.get().nameAndVersion() + ", pinned in " + pins.describeSource()
                        + ", has left the package index and the headers are not cached; run 'hmsabi kernels pin "
                        + kernel.text() + "' to pin what the index offers now"));
        return pin.get().checked(pkg, pins.describeSource());
    }

    /**
     * The lines of the arch headers' Makefile that name {@code /usr/src}: {@code include} of the
     * common Makefile (every version) and, from 7.2, {@code KBUILD_OUTPUT=} (the build directory itself).
     */
    private static final java.util.regex.Pattern USR_SRC =
            java.util.regex.Pattern.compile("(?m)^(include\\s+|KBUILD_OUTPUT\\s*:?=\\s*)/usr/src/");

    /** {@code include /usr/src/linux-headers-X-common/Makefile} (and {@code KBUILD_OUTPUT=/usr/src/...}) point into the final entry. */
    private static void pointAtCachedCommonHeaders(Path buildDirectory, Path finalEntry, DebianKernel kernel) throws IOException {
        Path makefile = buildDirectory.resolve("Makefile");
        String text = Files.readString(makefile, StandardCharsets.UTF_8);
        String fixed = USR_SRC.matcher(text).replaceAll(match -> java.util.regex.Matcher.quoteReplacement(
                match.group(1) + finalEntry.resolve("usr/src") + "/"));
        if (fixed.equals(text)) {
            throw new InfrastructureException(makefile + " of " + kernel.text()
                    + " does not include /usr/src/...-common/Makefile as Debian's headers do; the package layout changed");
        }
        Files.writeString(makefile, fixed, StandardCharsets.UTF_8);
    }
}
