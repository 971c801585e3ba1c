package org.hmsabi.kernel;

import java.nio.file.Path;
import java.util.Optional;

/** A valid cache entry: its directory, the package it was verified against, and its layout. */
public record CachedKernel(Path directory, DebianPackage debianPackage, KernelTree tree) {

    /** The kernel this entry holds, under the reference the user resolved it by. */
    public Kernel toKernel(String reference) {
        return new Kernel(reference, tree.release(), directory.resolve(tree.image()),
                tree.modulesDir().map(directory::resolve), tree.config().map(directory::resolve),
                Optional.of(debianPackage));
    }
}
