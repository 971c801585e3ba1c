package org.hmsabi.kernel;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.hmsabi.kernel.KernelRef.DebianKernel;
import org.hmsabi.kernel.KernelRef.DebianSeries;
import org.hmsabi.kernel.KernelRef.ImagePath;

/**
 * The package's entry point: turns a kernel reference into a bootable {@link Kernel}, fetching
 * and caching Debian packages as needed. Failures are {@link org.hmsabi.BadInputException} (the
 * reference is wrong: exit 2) or {@link org.hmsabi.InfrastructureException} (apt, network, disk
 * or checksum: exit 3), with one-line messages that start with the reference.
 */
public final class Kernels {
    private final DebianKernelFetcher debian;
    private final ImageKernelLoader images = new ImageKernelLoader();

    /** {@code progress} receives one line per download or wait, meant for stderr. */
    public Kernels(DebianArchive archive, KernelCache cache, KernelPins pins, Consumer<String> progress) {
        this.debian = new DebianKernelFetcher(Objects.requireNonNull(archive, "archive"),
                Objects.requireNonNull(cache, "cache"), Objects.requireNonNull(pins, "pins"),
                Objects.requireNonNull(progress, "progress"));
    }

    /**
     * The usual wiring: apt, the cache under {@code hmsabiCacheDir} or where the environment says
     * (see {@link KernelCache#locateRoot}), and the pins of the repository around
     * {@code workingDirectory} if there is one.
     */
    public static Kernels onThisMachine(Optional<Path> hmsabiCacheDir, Map<String, String> environment,
            Path workingDirectory, Consumer<String> progress) {
        KernelCache cache = new KernelCache(KernelCache.locateRoot(hmsabiCacheDir, environment), progress);
        return new Kernels(new AptArchive(), cache, KernelPins.findOrNone(workingDirectory), progress);
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
        return images.load((ImagePath) reference);
    }
}
