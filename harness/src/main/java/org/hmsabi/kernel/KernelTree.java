package org.hmsabi.kernel;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a kernel's pieces sit inside a directory, as paths relative to it, so a cache entry can
 * move (staging directory to final place, or a whole cache to another disk) without rewriting.
 */
public record KernelTree(String release, Path image, Optional<Path> modulesDir, Optional<Path> config) {
    public KernelTree {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(modulesDir, "modulesDir");
        Objects.requireNonNull(config, "config");
        if (image.isAbsolute() || modulesDir.filter(Path::isAbsolute).isPresent()
                || config.filter(Path::isAbsolute).isPresent()) {
            throw new IllegalArgumentException("kernel tree paths are relative to their directory");
        }
    }
}
