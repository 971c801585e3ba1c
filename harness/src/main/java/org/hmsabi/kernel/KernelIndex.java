package org.hmsabi.kernel;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * The generic-flavour Debian kernels a package index offers, newest last, in any of the three
 * packagings ({@link KernelPackaging}). Pure: built from the package names
 * {@link DebianArchive#kernelPackageNames()} returns.
 */
public final class KernelIndex {
    private final List<DebianKernel> kernels;
    private final Set<String> names;

    private KernelIndex(List<DebianKernel> kernels, Set<String> names) {
        this.kernels = kernels;
        this.names = names;
    }

    /** Keeps generic-flavour kernels with a well-formed ABI; ignores everything else. */
    public static KernelIndex of(Collection<String> packageNames) {
        TreeSet<String> abis = new TreeSet<>(DebianVersion.ORDER);
        Set<String> names = Set.copyOf(packageNames);
        names.stream()
                .map(DebianKernelPackages::kernelAbiOf)
                .flatMap(Optional::stream)
                .filter(abi -> KernelPackaging.of(abi, names).isPresent())
                .forEach(abis::add);
        return new KernelIndex(abis.stream().map(DebianKernel::new).toList(), names);
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

    /** The newest kernel of all. */
    public Optional<DebianKernel> newest() {
        return kernels.isEmpty() ? Optional.empty() : Optional.of(kernels.get(kernels.size() - 1));
    }

    /** The series present, oldest first. */
    public List<String> series() {
        return kernels.stream().map(DebianKernel::series).distinct()
                .sorted(DebianVersion.ORDER).toList();
    }

    /** The packages that hold this kernel, or empty when the index does not offer it. */
    public Optional<KernelPackaging> packaging(DebianKernel kernel) {
        return KernelPackaging.of(kernel.abi(), names);
    }
}
