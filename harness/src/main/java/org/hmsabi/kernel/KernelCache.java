package org.hmsabi.kernel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;

/**
 * Unpacked Debian kernels on disk, one directory per package version:
 *
 * <pre>
 * &lt;root&gt;/&lt;package&gt;_&lt;version&gt;/kernel.json   manifest; the entry is valid only if it exists
 * &lt;root&gt;/&lt;package&gt;_&lt;version&gt;/boot/…  lib/modules/…   the unpacked package
 * &lt;root&gt;/.staging/&lt;package&gt;_&lt;version&gt;/           an entry being built (never valid)
 * &lt;root&gt;/.locks/&lt;package&gt;_&lt;version&gt;.lock           serialises builders across processes
 * </pre>
 *
 * An entry is built in its staging directory, its manifest written last, then renamed into place
 * in one step; a crash at any point leaves at most a staging directory, which the next builder of
 * that entry deletes. Builders hold the entry's file lock, so two processes fetching the same
 * kernel download it once.
 */
public final class KernelCache {
    public static final String MANIFEST = "kernel.json";
    /** Environment variable naming the hmsabi cache root; kernels go in its {@code kernels/}. */
    public static final String HMSABI_CACHE_ENV = "HMSABI_CACHE";

    private static final String STAGING = ".staging";
    private static final String LOCKS = ".locks";

    private final Path root;
    private final Consumer<String> progress;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Builds an entry's content in {@code entry}; {@code scratch} is for downloads, deleted after. */
    @FunctionalInterface
    public interface Populator {
        KernelTree populate(Path entry, Path scratch) throws IOException;
    }

    public KernelCache(Path root) {
        this(root, line -> {});
    }

    /** {@code progress} hears about waits for another process's download. */
    public KernelCache(Path root, Consumer<String> progress) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Where kernels are cached: {@code <hmsabi cache>/kernels}, the hmsabi cache being
     * {@code hmsabiCacheDir} (the CLI's {@code --cache-dir}) if given, else {@code $HMSABI_CACHE},
     * else {@code $XDG_CACHE_HOME/hmsabi}, else {@code ~/.cache/hmsabi}.
     */
    public static Path locateRoot(Optional<Path> hmsabiCacheDir, Map<String, String> environment) {
        Path hmsabiCache = hmsabiCacheDir
                .or(() -> nonBlank(environment.get(HMSABI_CACHE_ENV)).map(Path::of))
                .orElseGet(() -> xdgCacheHome(environment).resolve("hmsabi"));
        return hmsabiCache.resolve("kernels");
    }

    /** The XDG base directory rule: a relative XDG_CACHE_HOME is invalid and ignored. */
    private static Path xdgCacheHome(Map<String, String> environment) {
        return nonBlank(environment.get("XDG_CACHE_HOME")).map(Path::of).filter(Path::isAbsolute)
                .orElseGet(() -> nonBlank(environment.get("HOME")).map(Path::of)
                        .orElseGet(() -> Path.of(System.getProperty("user.home")))
                        .resolve(".cache"));
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    public Path root() {
        return root;
    }

    /** The directory a package version is (or would be) cached in. */
    public Path entryDirectory(DebianPackage pkg) {
        return root.resolve(entryName(pkg));
    }

    /**
     * The valid entry for this package version, if any. An entry whose manifest names a different
     * checksum than the index now does is an error, not a miss: something changed underneath.
     */
    public Optional<CachedKernel> find(DebianPackage pkg) {
        Path directory = entryDirectory(pkg);
        Optional<CachedKernel> entry = readEntry(directory)
                .filter(e -> e.debianPackage().name().equals(pkg.name()) && e.debianPackage().version().equals(pkg.version()));
        if (entry.isPresent() && !entry.get().debianPackage().sha256().equals(pkg.sha256())) {
            throw new InfrastructureException(pkg.nameAndVersion() + ": the cache at " + directory
                    + " was verified as SHA-256 " + entry.get().debianPackage().sha256()
                    + " but the package index now says " + pkg.sha256()
                    + "; check your apt sources, then delete that directory to fetch it again");
        }
        return entry;
    }

    /**
     * Returns the entry for {@code pkg}, building it with {@code populator} unless it exists or
     * another process builds it meanwhile. If the populator throws, nothing is left behind.
     */
    public CachedKernel install(DebianPackage pkg, Populator populator) {
        String name = entryName(pkg);
        try {
            Files.createDirectories(root);
            EntryLock lock = EntryLock.acquire(root.resolve(LOCKS).resolve(name + ".lock"),
                    () -> progress.accept("waiting for another hmsabi process to finish fetching " + pkg.nameAndVersion()));
            try {
                // Checked again under the lock: the process we waited for has usually built it.
                Optional<CachedKernel> existing = find(pkg);
                if (existing.isPresent()) {
                    return existing.get();
                }
                return build(pkg, name, populator);
            } finally {
                lock.close();
            }
        } catch (IOException e) {
            throw new InfrastructureException(pkg.nameAndVersion() + ": cannot write the kernel cache at " + root
                    + " (" + e.getMessage() + "); free some space or pick another --cache-dir", e);
        }
    }

    /** Runs under the entry lock, so any staging directory for this entry is a crashed builder's. */
    private CachedKernel build(DebianPackage pkg, String name, Populator populator) throws IOException {
        Path staging = root.resolve(STAGING).resolve(name);
        Path target = root.resolve(name);
        LocalFiles.deleteTree(staging);
        // A directory without a manifest is not an entry (only tampering makes one); clear the way.
        LocalFiles.deleteTree(target);
        Path entry = Files.createDirectories(staging.resolve("entry"));
        Path scratch = Files.createDirectories(staging.resolve("scratch"));
        try {
            KernelTree tree = populator.populate(entry, scratch);
            CacheManifest manifest = CacheManifest.of(pkg, tree);
            writeDurably(entry.resolve(MANIFEST), json.writeValueAsBytes(manifest));
            Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
            return new CachedKernel(target, pkg, tree);
        } finally {
            LocalFiles.deleteTree(staging);
        }
    }

    /** Forced to disk before the rename, so a power cut cannot publish an entry with an empty manifest. */
    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = Channels.newOutputStream(channel)) {
            out.write(content);
            channel.force(true);
        }
    }

    /** A missing, unreadable or implausible manifest means "no entry"; it gets rebuilt. */
    private Optional<CachedKernel> readEntry(Path directory) {
        Path file = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            CacheManifest manifest = json.readValue(file.toFile(), CacheManifest.class);
            if (manifest.schema() != CacheManifest.SCHEMA) {
                return Optional.empty();
            }
            CachedKernel entry = new CachedKernel(directory, manifest.debianPackage(), manifest.tree());
            return staysInside(entry) ? Optional.of(entry) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A manifest pointing outside its entry was not written by this class. */
    private static boolean staysInside(CachedKernel entry) {
        Path dir = entry.directory();
        return Stream.of(Optional.of(entry.tree().image()), entry.tree().modulesDir(), entry.tree().config())
                .flatMap(Optional::stream)
                .allMatch(p -> dir.resolve(p).normalize().startsWith(dir));
    }

    /** apt's own file-name convention: the epoch colon becomes %3a. */
    static String entryName(DebianPackage pkg) {
        return pkg.name() + "_" + pkg.version().replace(":", "%3a");
    }
}
