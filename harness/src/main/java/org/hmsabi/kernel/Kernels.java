package org.hmsabi.kernel;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.hmsabi.kernel.KernelRef.DebianKernel;
import org.hmsabi.kernel.KernelRef.DebianLatest;
import org.hmsabi.kernel.KernelRef.DebianSeries;
import org.hmsabi.kernel.KernelRef.ImagePath;

/**
 * The package's entry point: turns a kernel reference into a bootable {@link Kernel}, fetching
 * and caching Debian packages as needed. Failures are {@link org.hmsabi.BadInputException} (the
 * reference is wrong: exit 2), {@link org.hmsabi.KernelUnavailableException} (a pinned package
 * left the archive and is not cached: exit 4) or {@link org.hmsabi.InfrastructureException}
 * (apt, network, disk or checksum: exit 3), with one-line messages that start with the reference.
 */
public final class Kernels {
    private final DebianKernelFetcher debian;
    private final KernelCache cache;
    private final ImageKernelLoader images = new ImageKernelLoader();

    /** {@code progress} receives one line per download or wait, meant for stderr. */
    public Kernels(DebianArchive archive, KernelCache cache, KernelPins pins, Consumer<String> progress) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.debian = new DebianKernelFetcher(Objects.requireNonNull(archive, "archive"), cache,
                Objects.requireNonNull(pins, "pins"), Objects.requireNonNull(progress, "progress"));
    }

    /**
     * The usual wiring: apt through hmsabi's own configuration for the suites of the pins file,
     * the cache under {@code hmsabiCacheDir} or where the environment says (see
     * {@link KernelCache#locateRoot}), and the pins of the repository around
     * {@code workingDirectory} if there is one.
     */
    public static Kernels onThisMachine(Optional<Path> hmsabiCacheDir, Map<String, String> environment,
            Path workingDirectory, Consumer<String> progress) {
        KernelPins pins = KernelPins.findOrNone(workingDirectory);
        Path kernels = KernelCache.locateRoot(hmsabiCacheDir, environment);
        return new Kernels(archive(kernels.getParent(), pins, environment, progress), new KernelCache(kernels, progress), pins, progress);
    }

    /** The real archive for these pins' suites, its apt configuration under {@code hmsabiCache}. */
    public static AptArchive archive(Path hmsabiCache, KernelPins pins, Map<String, String> environment, Consumer<String> progress) {
        return new AptArchive(AptConfig.forSuites(hmsabiCache, pins.suites(), environment), progress);
    }

    /** Parses and resolves; see {@link KernelRef#parse(String)} for the syntax. */
    public Kernel resolve(String reference) {
        return resolve(KernelRef.parse(reference));
    }

    public Kernel resolve(KernelRef reference) {
        if (reference instanceof DebianKernel kernel) {
            return debian.fetch(kernel);
        }
        if (reference instanceof DebianSeries series) {
            return debian.fetch(series);
        }
        if (reference instanceof DebianLatest latest) {
            return debian.fetch(latest);
        }
        return images.load((ImagePath) reference);
    }

    /** The kernels the package index offers now. */
    public KernelIndex index() {
        return debian.index();
    }

    /**
     * After a guest of {@code kernel} failed to boot: checks every file of its cache entry against
     * the checksums recorded when it was unpacked. A damaged entry is removed, so the next resolve
     * fetches it anew, and the damage is returned; a kernel that is not a cached Debian kernel, or
     * whose files are intact, gives empty.
     */
    public Optional<String> checkAfterFailedBoot(Kernel kernel) {
        return KernelCache.checkAfterFailedBoot(kernel.image());
    }
}
