package org.hmsabi.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hmsabi.BadInputException;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * {@code hmsabi kernels pin}: pins what the package index offers now for a kernel (every package
 * of its packaging) and for its headers (where the index has them), keeping the old note, and
 * says what changed. The caller saves {@link #result()}.
 */
public final class KernelPinner {
    private final DebianArchive archive;
    private KernelPins pins;
    private KernelIndex index;

    public KernelPinner(DebianArchive archive, KernelPins pins) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.pins = Objects.requireNonNull(pins, "pins");
    }

    /** Pins one kernel; returns a line per change (empty when nothing changed). */
    public List<String> pin(KernelRef reference, Optional<String> note) {
        DebianKernel kernel = exact(reference);
        KernelPackaging packaging = index().packaging(kernel).orElseThrow(() -> new BadInputException(
                reference.text() + ": the package index does not offer " + kernel.abi() + "; 'hmsabi kernels list' shows what it does"));
        List<PackagePin> packages = new ArrayList<>();
        for (String name : packaging.packages()) {
            archive.describe(name).map(PackagePin::of).ifPresent(packages::add);
        }
        if (packages.isEmpty() || !packages.get(0).packageName().equals(packaging.imagePackage())) {
            throw new BadInputException(reference.text() + ": the package index lists " + packaging.imagePackage()
                    + " but cannot describe it; run again after the index is read anew");
        }
        List<PackagePin> headers = new ArrayList<>();
        for (String name : KernelHeaders.packageNames(kernel)) {
            archive.describe(name).map(PackagePin::of).ifPresent(headers::add);
        }
        Optional<KernelPin> old = pins.pinFor(kernel);
        String text = note.or(() -> old.map(KernelPin::note)).orElse("");
        KernelPin pin = new KernelPin(kernel.text(), packages, text);
        List<String> changes = new ArrayList<>();
        if (old.isEmpty()) {
            changes.add("pinned " + packages.stream().map(PackagePin::nameAndVersion).reduce((a, b) -> a + ", " + b).orElseThrow());
        } else {
            describeChanges(old.get().packages(), packages, changes);
        }
        List<PackagePin> oldHeaders = headers.stream().map(h -> pins.headersPinFor(h.packageName())).flatMap(Optional::stream).toList();
        describeChanges(oldHeaders, headers, changes);
        if (headers.size() < KernelHeaders.packageNames(kernel).size()) {
            changes.add("the index has no complete headers (" + String.join(", ", KernelHeaders.packageNames(kernel))
                    + "); modules cannot be built for it");
        }
        pins = pins.with(pin, headers);
        return changes;
    }

    /** The pins with everything pinned so far. */
    public KernelPins result() {
        return pins;
    }

    private DebianKernel exact(KernelRef reference) {
        if (reference instanceof DebianKernel kernel) {
            return kernel;
        }
        if (reference instanceof KernelRef.DebianSeries series) {
            return index().newestIn(series.series()).orElseThrow(() -> new BadInputException(
                    reference.text() + ": the package index has no " + series.series() + " kernel"));
        }
        if (reference instanceof KernelRef.DebianLatest) {
            return index().newest().orElseThrow(() -> new BadInputException("the package index lists no kernel"));
        }
        throw new BadInputException(reference.text() + ": only debian: kernels can be pinned");
    }

    private KernelIndex index() {
        if (index == null) {
            index = KernelIndex.of(archive.kernelPackageNames());
        }
        return index;
    }

    private static void describeChanges(List<PackagePin> before, List<PackagePin> after, List<String> changes) {
        for (PackagePin now : after) {
            Optional<PackagePin> was = before.stream().filter(p -> p.packageName().equals(now.packageName())).findFirst();
            if (was.isEmpty()) {
                changes.add("pinned " + now.nameAndVersion());
            } else if (!was.get().version().equals(now.version()) || !was.get().sha256().equals(now.sha256())) {
                changes.add(now.packageName() + " " + was.get().version() + " -> " + now.version());
            }
        }
        for (PackagePin then : before) {
            if (after.stream().noneMatch(p -> p.packageName().equals(then.packageName()))) {
                changes.add("no longer pinned: " + then.nameAndVersion());
            }
        }
    }
}
