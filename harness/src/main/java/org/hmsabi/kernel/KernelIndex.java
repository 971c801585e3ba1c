package org.hmsabi.kernel;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * The generic-flavour Debian kernels a package index offers, newest last. Pure: built from the
 * package names {@link DebianArchive#kernelImagePackageNames()} returns.
 */
public final class KernelIndex {
    private final List<DebianKernel> kernels;

    private KernelIndex(List<DebianKernel> kernels) {
        this.kernels = kernels;
    }

    /** Keeps generic-flavour kernel images with a well-formed ABI; ignores everything else. */
    public static KernelIndex of(Collection<String> packageNames) {
        TreeSet<String> abis = new TreeSet<>(DebianVersion.ORDER);
        packageNames.stream()
                .map(DebianKernelPackages::genericAbiOf)
                .flatMap(Optional::stream)
                .filter(abi -> KernelRefSyntax.ABI.matcher(abi).matches())
                .forEach(abis::add);
        return new KernelIndex(abis.stream().map(DebianKernel::new).toList());
    }

    public boolean isEmpty() {
        return kernels.isEmpty();
    }

    /** All kernels, oldest first. */
    public List<DebianKernel> kernels() {
        return kernels;
    }

    /** The kernels of one series ({@code 6.1} never includes {@code 6.12}), oldest first. */
    public List<DebianKernel> inSeries(String series) {
        return kernels.stream().filter(k -> k.series().equals(series)).toList();
    }

    public Optional<DebianKernel> newestIn(String series) {
        List<DebianKernel> candidates = inSeries(series);
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(candidates.size() - 1));
    }

    /** The series present, oldest first. */
    public List<String> series() {
        return kernels.stream().map(DebianKernel::series).distinct()
                .sorted(DebianVersion.ORDER).toList();
    }
}
