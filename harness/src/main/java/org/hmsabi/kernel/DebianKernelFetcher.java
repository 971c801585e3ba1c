package org.hmsabi.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hmsabi.BadInputException;
import org.hmsabi.HmsabiException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.KernelUnavailableException;
import org.hmsabi.kernel.DebianKernelPackages.Kind;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * Resolves {@code debian:} references. A pinned kernel comes from the cache when a verified copy
 * is there (no package index needed), else exactly its pinned package versions are fetched; a
 * pinned package the index no longer offers makes the kernel unavailable, a named condition. An
 * unpinned kernel comes from the index's packages ({@link KernelPackaging}), or from the cache
 * when the index no longer lists it. Every cache entry is checked ({@link KernelCache.Depth#QUICK})
 * on use; a damaged one is fetched again.
 */
final class DebianKernelFetcher {
    /** Listing more ABIs than this in an error hides the point; the middle is elided. */
    private static final int MAX_LISTED = 10;

    private final DebianArchive archive;
    private final KernelCache cache;
    private final KernelPins pins;
    private final Consumer<String> progress;
    private KernelIndex index;

    DebianKernelFetcher(DebianArchive archive, KernelCache cache, KernelPins pins, Consumer<String> progress) {
        this.archive = archive;
        this.cache = cache;
        this.pins = pins;
        this.progress = progress;
    }

    /** The newest kernel of a series in the index (or, with no such kernel listed, the newest pinned one). */
    Kernel fetch(KernelRef.DebianSeries series) {
        try {
            KernelIndex index = index();
            Optional<DebianKernel> newest = index.newestIn(series.series())
                    .or(() -> pins.newestIn(series.series()).map(KernelPin::kernel));
            return fetch(series.text(), newest.orElseThrow(() -> new BadInputException(
                    "the package index has no " + series.series() + " kernels; available: "
                            + index.series().stream().map(s -> KernelRef.DEBIAN_SCHEME + s).collect(Collectors.joining(", ")))));
        } catch (HmsabiException e) {
            throw Failures.about(series.text(), e);
        }
    }

    /** The newest kernel the index offers. */
    Kernel fetch(KernelRef.DebianLatest latest) {
        try {
            return fetch(latest.text(), index().newest().orElseThrow());
        } catch (HmsabiException e) {
            throw Failures.about(latest.text(), e);
        }
    }

    Kernel fetch(DebianKernel kernel) {
        try {
            return fetch(kernel.text(), kernel);
        } catch (HmsabiException e) {
            throw Failures.about(kernel.text(), e);
        }
    }

    /** The packages that hold {@code kernel} now: its pins, or the index's packaging. */
    KernelIndex index() {
        if (index == null) {
            KernelIndex read = KernelIndex.of(archive.kernelPackageNames());
            if (read.isEmpty()) {
                throw new InfrastructureException("the package index lists no Debian kernel packages; check the suites in "
                        + pins.describeSource() + " and network access to the Debian mirror");
            }
            index = read;
        }
        return index;
    }

    private Kernel fetch(String reference, DebianKernel kernel) {
        Optional<KernelPin> pin = pins.pinFor(kernel);
        return pin.isPresent() ? fetchPinned(reference, pin.get()) : fetchFromIndex(reference, kernel);
    }

    private Kernel fetchPinned(String reference, KernelPin pin) {
        PackagePin imagePin = pin.image();
        DebianPackage image = new DebianPackage(imagePin.packageName(), imagePin.version(), imagePin.sha256(), 0);
        Optional<Kernel> cached = usable(reference, cache.find(image));
        if (cached.isPresent()) {
            return cached.get().withMissingPackages(pin.missingCompanions());
        }
        List<DebianPackage> packages = new ArrayList<>();
        List<String> missing = new ArrayList<>(pin.missingCompanions());
        for (PackagePin packagePin : pin.packages()) {
            Optional<DebianPackage> offered = archive.describe(packagePin.packageName(), packagePin.version());
            if (offered.isEmpty()) {
                if (packagePin == imagePin) {
                    throw new KernelUnavailableException(reference, reference + ": " + imagePin.nameAndVersion()
                            + ", pinned in " + pins.describeSource() + ", has left the package index and is not cached;"
                            + " the kernel is unavailable: run 'hmsabi kernels pin " + KernelRef.DEBIAN_SCHEME + pin.series()
                            + "' to pin the newest of its series");
                }
                missing.add(packagePin.packageName());
                continue;
            }
            packages.add(packagePin.checked(offered.get(), pins.describeSource()));
        }
        return install(reference, packages, missing);
    }

    private Kernel fetchFromIndex(String reference, DebianKernel kernel) {
        Optional<KernelPackaging> packaging = index().packaging(kernel);
        if (packaging.isEmpty()) {
            return cachedAnyVersion(reference, kernel).orElseThrow(() -> unknownPackage(kernel));
        }
        List<DebianPackage> packages = new ArrayList<>();
        List<String> missing = new ArrayList<>(packaging.get().missing());
        for (String name : packaging.get().packages()) {
            Optional<DebianPackage> offered = archive.describe(name);
            if (offered.isEmpty() && name.equals(packaging.get().imagePackage())) {
                throw unknownPackage(kernel);
            }
            offered.ifPresentOrElse(packages::add, () -> missing.add(name));
        }
        Optional<Kernel> cached = usable(reference, cache.find(packages.get(0)));
        return cached.orElseGet(() -> install(reference, packages, missing));
    }

    /** A verified copy of a kernel the index no longer lists stays usable. */
    private Optional<Kernel> cachedAnyVersion(String reference, DebianKernel kernel) {
        for (Kind kind : List.of(Kind.IMAGE_UNSIGNED, Kind.BINARY, Kind.IMAGE)) {
            Optional<Kernel> found = usable(reference, cache.findAnyVersion(kind.packageName(kernel.abi())));
            if (found.isPresent()) {
                progress.accept(reference + ": the package index no longer lists it; using the verified copy in the cache");
                return found;
            }
        }
        return Optional.empty();
    }

    /** The kernel of a cache entry that passes the quick check; a damaged entry is removed (and reported). */
    private Optional<Kernel> usable(String reference, Optional<CachedKernel> entry) {
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> damage = cache.check(entry.get(), KernelCache.Depth.QUICK);
        if (damage.isPresent()) {
            progress.accept(reference + ": the cached copy at " + entry.get().directory() + " is damaged (" + damage.get()
                    + "); fetching it again");
            cache.remove(entry.get());
            return Optional.empty();
        }
        return Optional.of(entry.get().toKernel(reference));
    }

    private Kernel install(String reference, List<DebianPackage> packages, List<String> missing) {
        if (!missing.isEmpty()) {
            progress.accept(reference + ": the package index does not offer " + String.join(", ", missing)
                    + "; what needs them is skipped");
        }
        long bytes = packages.stream().mapToLong(DebianPackage::sizeBytes).sum();
        return cache.install(packages, missing, (entry, scratch) -> {
            // Said here rather than before install: if another process fetched it meanwhile, we don't.
            progress.accept("fetching " + reference + " (" + packages.stream().map(DebianPackage::nameAndVersion)
                    .collect(Collectors.joining(", ")) + ", " + Math.round(bytes / 1_000_000.0) + " MB)…");
            for (DebianPackage pkg : packages) {
                Path deb = archive.download(pkg, Files.createDirectories(scratch.resolve(pkg.name())));
                pkg.verifyDownload(deb);
                archive.unpack(deb, entry);
            }
            return UnpackedDebianKernel.locate(entry, packages.get(0).name());
        }).toKernel(reference);
    }

    private RuntimeException unknownPackage(DebianKernel kernel) {
        KernelIndex index = index();
        List<DebianKernel> sameSeries = index.inSeries(kernel.series());
        String choices = sameSeries.isEmpty()
                ? "series " + index.series().stream().map(s -> KernelRef.DEBIAN_SCHEME + s).collect(Collectors.joining(", "))
                : listed(sameSeries) + " (or " + KernelRef.DEBIAN_SCHEME + kernel.series() + " for the newest)";
        return new BadInputException("no kernel " + kernel.abi() + " in the package index or the cache; pick one of: " + choices
                + " ('hmsabi kernels list' shows them all)");
    }

    private static String listed(List<DebianKernel> kernels) {
        List<String> abis = kernels.stream().map(DebianKernel::abi).toList();
        if (abis.size() <= MAX_LISTED) {
            return String.join(", ", abis);
        }
        return String.join(", ", abis.subList(0, 3)) + " … " + String.join(", ", abis.subList(abis.size() - 3, abis.size()));
    }
}
