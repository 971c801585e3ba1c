package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hmsabi.BadInputException;
import org.hmsabi.HmsabiException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.kernel.KernelRef.DebianKernel;
import org.hmsabi.kernel.KernelRef.DebianSeries;

/**
 * Resolves {@code debian:} references: picks the package from the index, reuses a cache entry
 * for that exact version or downloads, verifies and unpacks it into a new one.
 */
final class DebianKernelFetcher {
    /** Listing more ABIs than this in an error hides the point; the middle is elided. */
    private static final int MAX_LISTED = 10;

    private final DebianArchive archive;
    private final KernelCache cache;
    private final KernelPins pins;
    private final Consumer<String> progress;

    DebianKernelFetcher(DebianArchive archive, KernelCache cache, KernelPins pins, Consumer<String> progress) {
        this.archive = archive;
        this.cache = cache;
        this.pins = pins;
        this.progress = progress;
    }

    Kernel fetch(DebianSeries series) {
        try {
            KernelIndex index = index();
            DebianKernel newest = index.newestIn(series.series()).orElseThrow(() -> new BadInputException(
                    "the package index has no " + series.series() + " kernels; available: "
                            + index.series().stream().map(s -> KernelRef.DEBIAN_SCHEME + s).collect(Collectors.joining(", "))
                            + " (run 'apt-get update' if you expected one)"));
            return fetch(series.text(), newest);
        } catch (HmsabiException e) {
            throw Failures.about(series.text(), e);
        }
    }

    Kernel fetch(DebianKernel kernel) {
        try {
            Optional<Kernel> pinnedAndCached = pinnedAndCached(kernel);
            if (pinnedAndCached.isPresent()) {
                return pinnedAndCached.get();
            }
            return fetch(kernel.text(), kernel);
        } catch (HmsabiException e) {
            throw Failures.about(kernel.text(), e);
        }
    }

    /**
     * An exact reference whose package is pinned (version and SHA-256) and already cached under
     * that checksum needs no package index: asking apt costs seconds on every boot otherwise.
     */
    private Optional<Kernel> pinnedAndCached(DebianKernel kernel) {
        return pins.pins().stream()
                .filter(pin -> pin.packageName().equals(kernel.packageName()))
                .findFirst()
                .flatMap(pin -> cache.find(new DebianPackage(pin.packageName(), pin.version(), pin.sha256(), 0)))
                .map(cached -> cached.toKernel(kernel.text()));
    }

    private Kernel fetch(String reference, DebianKernel kernel) {
        DebianPackage pkg = archive.describe(kernel.packageName()).orElseThrow(() -> unknownPackage(kernel));
        Optional<KernelPin> pin = pins.pinFor(pkg);
        if (pin.isPresent() && !pin.get().sha256().equals(pkg.sha256())) {
            throw new InfrastructureException(pkg.nameAndVersion() + " has SHA-256 " + pkg.sha256()
                    + " in the package index but " + pins.describeSource() + " pins " + pin.get().sha256()
                    + "; check your apt sources before re-pinning deliberately");
        }
        Optional<CachedKernel> cached = cache.find(pkg);
        if (cached.isPresent()) {
            return cached.get().toKernel(reference);
        }
        return cache.install(pkg, (entry, scratch) -> {
            // Said here rather than before install: if another process fetched it meanwhile, we don't.
            progress.accept("fetching " + reference + " (" + pkg.nameAndVersion() + ", " + pkg.sizeMegabytes() + " MB)…");
            Path deb = archive.download(pkg, scratch);
            verify(pkg, pin, deb);
            archive.unpack(deb, entry);
            return UnpackedDebianKernel.locate(entry, pkg.name());
        }).toKernel(reference);
    }

    private KernelIndex index() {
        KernelIndex index = KernelIndex.of(archive.kernelImagePackageNames());
        if (index.isEmpty()) {
            throw new InfrastructureException("the apt package index lists no "
                    + DebianKernelPackages.PREFIX + "*" + DebianKernelPackages.SUFFIX
                    + " packages; run 'apt-get update' (as root) and retry");
        }
        return index;
    }

    private RuntimeException unknownPackage(DebianKernel kernel) {
        KernelIndex index = index();
        List<DebianKernel> sameSeries = index.inSeries(kernel.series());
        String choices = sameSeries.isEmpty()
                ? "series " + index.series().stream().map(s -> KernelRef.DEBIAN_SCHEME + s).collect(Collectors.joining(", "))
                : listed(sameSeries) + " (or " + KernelRef.DEBIAN_SCHEME + kernel.series() + " for the newest)";
        return new BadInputException("no package " + kernel.packageName()
                + " in the package index; run 'apt-get update' or pick one of: " + choices);
    }

    private static String listed(List<DebianKernel> kernels) {
        List<String> abis = kernels.stream().map(DebianKernel::abi).toList();
        if (abis.size() <= MAX_LISTED) {
            return String.join(", ", abis);
        }
        return String.join(", ", abis.subList(0, 3)) + " … " + String.join(", ", abis.subList(abis.size() - 3, abis.size()));
    }

    /** The index's checksum is what apt itself would check; the pin guards against the index changing. */
    private void verify(DebianPackage pkg, Optional<KernelPin> pin, Path deb) throws IOException {
        String actual = Sha256.of(deb);
        if (!actual.equals(pkg.sha256())) {
            throw new InfrastructureException("downloaded " + deb.getFileName() + " has SHA-256 " + actual
                    + " but the package index says " + pkg.sha256()
                    + "; a mirror or proxy served a different file, run 'apt-get update' and retry");
        }
        if (pin.isPresent() && !actual.equals(pin.get().sha256())) {
            throw new InfrastructureException("downloaded " + deb.getFileName() + " has SHA-256 " + actual
                    + " but " + pins.describeSource() + " pins " + pin.get().sha256()
                    + "; check your apt sources before re-pinning deliberately");
        }
    }
}
