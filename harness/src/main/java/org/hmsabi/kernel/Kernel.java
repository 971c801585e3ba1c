package org.hmsabi.kernel;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A resolved kernel, ready to boot.
 *
 * @param reference     the reference it was resolved from, as the user wrote it
 * @param release       the kernel release ({@code uname -r}), e.g. {@code 6.1.0-56-amd64}
 * @param image         the bzImage to hand to QEMU's {@code -kernel}
 * @param modulesDir    {@code lib/modules/<release>} when known; Debian packages ship no
 *                      {@code modules.dep} (their postinst runs depmod), so do not expect one
 * @param config        the kernel's {@code .config} when known
 * @param debianPackage the package it came from, for {@code debian:} references
 */
public record Kernel(
        String reference,
        String release,
        Path image,
        Optional<Path> modulesDir,
        Optional<Path> config,
        Optional<DebianPackage> debianPackage) {

    public Kernel {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(modulesDir, "modulesDir");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(debianPackage, "debianPackage");
    }

    /**
     * The reference that names exactly this kernel wherever it is run: {@code debian:<abi>} for
     * a Debian package (so {@code debian:6.12} and {@code debian:6.12.117+deb12} record the same),
     * else the reference as given.
     */
    public String exactReference() {
        return debianPackage.flatMap(pkg -> DebianKernelPackages.genericAbiOf(pkg.name()))
                .map(abi -> "debian:" + abi)
                .orElse(reference);
    }
}
