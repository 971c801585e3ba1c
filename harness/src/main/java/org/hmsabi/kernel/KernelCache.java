package org.hmsabi.kernel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.Workspace;
import org.hmsabi.kernel.CacheManifest.FileSum;

/**
 * Unpacked Debian kernels on disk, one directory per kernel (named after the package holding the
 * image and its version), all its packages unpacked into it:
 *
 * <pre>
 * &lt;root&gt;/&lt;package&gt;_&lt;version&gt;/kernel.json   manifest; the entry is valid only if it exists
 * &lt;root&gt;/&lt;package&gt;_&lt;version&gt;/boot/…  usr/lib/modules/…   the unpacked packages
 * &lt;root&gt;/.staging/&lt;package&gt;_&lt;version&gt;/           an entry being built (never valid)
 * &lt;root&gt;/.locks/&lt;package&gt;_&lt;version&gt;.lock           serialises builders across processes
 * </pre>
 *
 * An entry is built in its staging directory, its manifest written last, then renamed into place
 * in one step; a crash at any point leaves at most a staging directory, which the next builder of
 * that entry deletes. Builders hold the entry's file lock, so two processes fetching the same
 * kernel download it once. The manifest records the size and SHA-256 of every unpacked file:
 * {@link #check} compares sizes and the image's checksum on every use ({@link Depth#QUICK}, a
 * few milliseconds) and every checksum after a failed boot ({@link Depth#FULL}). The image is
 * hashed again only when it changed since it was last verified ({@code verified.json}, a
 * {@link VerifiedStamp} of its inode, size and times; entries without one get it on first use).
 */
public final class KernelCache {
    public static final String MANIFEST = "kernel.json";
    /** Environment variable naming the hmsabi cache root; kernels go in its {@code kernels/}. */
    public static final String HMSABI_CACHE_ENV = Workspace.HMSABI_CACHE_ENV;

    private static final String STAGING = ".staging";
    private static final String LOCKS = ".locks";

    private final Path root;
    private final Consumer<String> progress;
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** How thoroughly {@link #check} looks. */
    public enum Depth {
        /**
         * Every file present with its recorded size, and the image's SHA-256 (read again only when
         * the image changed since it was last verified).
         */
        QUICK,
        /** Every file's SHA-256. */
        FULL
    }

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
        return Workspace.locateCache(hmsabiCacheDir, environment).resolve("kernels");
    }

    public Path root() {
        return root;
    }

    /** The directory a kernel whose image is in {@code imagePackage} is (or would be) cached in. */
    public Path entryDirectory(DebianPackage imagePackage) {
        return root.resolve(entryName(imagePackage));
    }

    /**
     * The valid entry whose image package is exactly {@code imagePackage} (name and version), if
     * any. An entry verified under a different checksum is an error, not a miss: something changed
     * underneath (the index, or the pin).
     */
    public Optional<CachedKernel> find(DebianPackage imagePackage) {
        Path directory = entryDirectory(imagePackage);
        Optional<CachedKernel> entry = readEntry(directory)
                .filter(e -> e.imagePackage().name().equals(imagePackage.name())
                        && e.imagePackage().version().equals(imagePackage.version()));
        if (entry.isPresent() && !entry.get().imagePackage().sha256().equals(imagePackage.sha256())) {
            throw new InfrastructureException(imagePackage.nameAndVersion() + ": the cache at " + directory
                    + " was verified as SHA-256 " + entry.get().imagePackage().sha256()
                    + " but the package index or the pin now says " + imagePackage.sha256()
                    + "; check your apt sources, then delete that directory to fetch it again");
        }
        return entry;
    }

    /** The newest valid entry whose image is in a package of this name, whatever its version. */
    public Optional<CachedKernel> findAnyVersion(String imagePackageName) {
        return entries().stream()
                .filter(e -> e.imagePackage().name().equals(imagePackageName))
                .max(Comparator.comparing(e -> e.imagePackage().version(), DebianVersion.ORDER));
    }

    /** Every valid entry, for listings. */
    public List<CachedKernel> entries() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .map(this::readEntry).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@link #install(List, List, Populator)} of a kernel in one package. */
    public CachedKernel install(DebianPackage pkg, Populator populator) {
        return install(List.of(pkg), List.of(), populator);
    }

    /**
     * Returns the entry for {@code packages} (the image package first), building it with
     * {@code populator} unless it exists or another process builds it meanwhile. If the populator
     * throws, nothing is left behind.
     */
    public CachedKernel install(List<DebianPackage> packages, List<String> missing, Populator populator) {
        DebianPackage image = packages.get(0);
        String name = entryName(image);
        try {
            Files.createDirectories(root);
            try (EntryLock lock = EntryLock.acquire(root.resolve(LOCKS).resolve(name + ".lock"),
                    () -> progress.accept("waiting for another hmsabi process to finish fetching " + image.nameAndVersion()))) {
                // Checked again under the lock: the process we waited for has usually built it.
                Optional<CachedKernel> existing = find(image);
                if (existing.isPresent() && check(existing.get(), Depth.QUICK).isEmpty()) {
                    return existing.get();
                }
                return build(packages, missing, name, populator);
            }
        } catch (IOException e) {
            throw new InfrastructureException(image.nameAndVersion() + ": cannot write the kernel cache at " + root
                    + " (" + e.getMessage() + "); free some space or pick another --cache-dir", e);
        }
    }

    /** Runs under the entry lock, so any staging directory for this entry is a crashed builder's. */
    private CachedKernel build(List<DebianPackage> packages, List<String> missing, String name, Populator populator)
            throws IOException {
        Path staging = root.resolve(STAGING).resolve(name);
        Path target = root.resolve(name);
        LocalFiles.deleteTree(staging);
        // A directory without a valid manifest is not an entry (a damaged one was just found so); clear the way.
        LocalFiles.deleteTree(target);
        Path entry = Files.createDirectories(staging.resolve("entry"));
        Path scratch = Files.createDirectories(staging.resolve("scratch"));
        try {
            KernelTree tree = populator.populate(entry, scratch);
            CacheManifest manifest = CacheManifest.of(packages, missing, tree, checksums(entry));
            writeDurably(entry.resolve(MANIFEST), json.writeValueAsBytes(manifest));
            Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
            return new CachedKernel(target, packages, missing, tree);
        } finally {
            LocalFiles.deleteTree(staging);
        }
    }

    /**
     * What is wrong with an entry's files, or empty when they are as unpacked: a file missing, of
     * another size, or (the image always, every file with {@link Depth#FULL}) of another SHA-256.
     */
    public Optional<String> check(CachedKernel entry, Depth depth) {
        Optional<CacheManifest> manifest = readManifest(entry.directory());
        if (manifest.isEmpty() || manifest.get().files() == null) {
            return Optional.of("its manifest " + entry.directory().resolve(MANIFEST) + " is missing or unreadable");
        }
        String image = entry.tree().image().toString();
        for (Map.Entry<String, FileSum> file : new TreeMap<>(manifest.get().files()).entrySet()) {
            Path path = entry.directory().resolve(file.getKey()).normalize();
            if (!path.startsWith(entry.directory())) {
                return Optional.of("its manifest names a file outside the entry");
            }
            try {
                if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(file.getKey() + " is missing");
                }
                if (Files.size(path) != file.getValue().size()) {
                    return Optional.of(file.getKey() + " has " + Files.size(path) + " bytes, not the "
                            + file.getValue().size() + " it was unpacked with");
                }
                if (depth == Depth.FULL && !Sha256.of(path).equals(file.getValue().sha256())) {
                    return Optional.of(file.getKey() + " has another SHA-256 than when it was unpacked");
                }
                if (depth == Depth.QUICK && file.getKey().equals(image)
                        && !VerifiedStamp.holds(entry.directory(), image, file.getValue().sha256())
                        && !VerifiedStamp.verify(entry.directory(), image, file.getValue().sha256())) {
                    return Optional.of(file.getKey() + " has another SHA-256 than when it was unpacked");
                }
            } catch (IOException e) {
                return Optional.of(file.getKey() + " cannot be read (" + e.getMessage() + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * After a guest failed to boot {@code image}: when the image lies in a cache entry, checks every
     * file of the entry ({@link Depth#FULL}); a damaged entry is removed, so the next resolve
     * fetches it anew, and the damage is returned. Empty for an intact entry or an image that is
     * not in a kernel cache (a bzImage the user built).
     */
    public static Optional<String> checkAfterFailedBoot(Path image) {
        Path absolute = image.toAbsolutePath().normalize();
        for (Path dir = absolute.getParent(); dir != null && dir.getParent() != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MANIFEST))) {
                KernelCache cache = new KernelCache(dir.getParent());
                Optional<CachedKernel> entry = cache.readEntry(dir).filter(e -> e.directory().resolve(e.tree().image()).equals(absolute));
                if (entry.isEmpty()) {
                    return Optional.empty();
                }
                Optional<String> damage = cache.check(entry.get(), Depth.FULL);
                damage.ifPresent(d -> cache.remove(entry.get()));
                return damage;
            }
        }
        return Optional.empty();
    }

    /** Removes an entry (found damaged), so the next fetch builds it anew. */
    public void remove(CachedKernel entry) {
        String name = entry.directory().getFileName().toString();
        try (EntryLock lock = EntryLock.acquire(root.resolve(LOCKS).resolve(name + ".lock"), () -> { })) {
            LocalFiles.deleteTree(entry.directory());
        } catch (IOException e) {
            throw new InfrastructureException("cannot remove the damaged cache entry " + entry.directory() + " ("
                    + e.getMessage() + "); delete it by hand", e);
        }
    }

    /** Size and SHA-256 of every regular file under {@code entry}, by path relative to it. */
    private static Map<String, FileSum> checksums(Path entry) throws IOException {
        Map<String, FileSum> sums = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(entry)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(files::add);
        }
        for (Path file : files) {
            sums.put(entry.relativize(file).toString(), new FileSum(Files.size(file), Sha256.of(file)));
        }
        return sums;
    }

    /** Forced to disk before the rename, so a power cut cannot publish an entry with an empty manifest. */
    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = Channels.newOutputStream(channel)) {
            out.write(content);
            channel.force(true);
        }
    }

    private Optional<CacheManifest> readManifest(Path directory) {
        Path file = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = json.readTree(file.toFile());
            if (node.path("schema").asInt() == 1) {
                return upgradeFromSchemaOne(directory, node);
            }
            CacheManifest manifest = json.treeToValue(node, CacheManifest.class);
            return manifest.schema() == CacheManifest.SCHEMA && manifest.packages() != null && !manifest.packages().isEmpty()
                    ? Optional.of(manifest) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * An entry written before file checksums were recorded (one package, no {@code files}): its
     * files are summed as they are now and the manifest rewritten, so a kernel verified then stays
     * usable after the archive has dropped it.
     */
    private Optional<CacheManifest> upgradeFromSchemaOne(Path directory, com.fasterxml.jackson.databind.JsonNode old)
            throws IOException {
        DebianPackage pkg = new DebianPackage(old.path("package").asText(), old.path("version").asText(),
                old.path("sha256").asText(), old.path("sizeBytes").asLong());
        KernelTree tree = new KernelTree(old.path("release").asText(), Path.of(old.path("image").asText()),
                Optional.ofNullable(old.get("modules")).map(n -> Path.of(n.asText())),
                Optional.ofNullable(old.get("config")).map(n -> Path.of(n.asText())));
        Map<String, FileSum> sums = checksums(directory);
        sums.remove(MANIFEST);
        CacheManifest manifest = CacheManifest.of(List.of(pkg), List.of(), tree, sums);
        LocalFiles.writeAtomically(directory.resolve(MANIFEST), json.writeValueAsBytes(manifest));
        return Optional.of(manifest);
    }

    /** A missing, unreadable or implausible manifest means "no entry"; it gets rebuilt. */
    private Optional<CachedKernel> readEntry(Path directory) {
        try {
            return readManifest(directory)
                    .map(m -> new CachedKernel(directory, m.debianPackages(), Objects.requireNonNullElse(m.missing(), List.of()), m.tree()))
                    .filter(KernelCache::staysInside);
        } catch (RuntimeException implausible) {
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
