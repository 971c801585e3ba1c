package org.hmsabi.kernel;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A valid cache entry: its directory, the packages it was verified against (the one with the
 * image first), the companion packages the index lacked when it was fetched, and its layout.
 */
public record CachedKernel(Path directory, List<DebianPackage> packages, List<String> missing, KernelTree tree) {
    public CachedKernel {
        packages = List.copyOf(packages);
        missing = List.copyOf(missing);
    }

    /** The package holding the image. */
    public DebianPackage imagePackage() {
        return packages.get(0);
    }

    /** The kernel this entry holds, under the reference the user resolved it by. */
    public Kernel toKernel(String reference) {
        return new Kernel(reference, tree.release(), directory.resolve(tree.image()),
                tree.modulesDir().map(directory::resolve), tree.config().map(directory::resolve),
                Optional.of(imagePackage()), missing);
    }
}
