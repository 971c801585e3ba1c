package org.hmsabi.kernel;

import java.nio.file.Path;
import java.util.List;
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
 * @param debianPackage the package with the image it came from, for {@code debian:} references
 * @param missingPackages companion packages the archive did not offer when it was fetched (a
 *                      split kernel's {@code linux-modules-*} before 7.2.6): what needs them is
 *                      reported skipped with that reason
 */
public record Kernel(
        String reference,
        String release,
        Path image,
        Optional<Path> modulesDir,
        Optional<Path> config,
        Optional<DebianPackage> debianPackage,
        List<String> missingPackages) {

    /** A kernel with nothing missing. */
    public Kernel(String reference, String release, Path image, Optional<Path> modulesDir, Optional<Path> config,
                  Optional<DebianPackage> debianPackage) {
        this(reference, release, image, modulesDir, config, debianPackage, List.of());
    }

    public Kernel {
        missingPackages = List.copyOf(missingPackages);
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
        return debianPackage.flatMap(pkg -> DebianKernelPackages.kernelAbiOf(pkg.name()))
                .map(abi -> "debian:" + abi)
                .orElse(reference);
    }

    /**
     * The upstream Linux version: the Debian package version without epoch and Debian revision
     * ({@code 6.1.192-2} → {@code 6.1.192}, {@code 6.16.12-1~bpo13+1} → {@code 6.16.12}), else the
     * leading {@code x.y[.z]} of the release.
     */
    public String upstreamVersion() {
        String source = debianPackage.map(DebianPackage::version).map(v -> v.replaceFirst("^[0-9]+:", ""))
                .map(v -> v.contains("-") ? v.substring(0, v.lastIndexOf('-')) : v)
                .orElse(release);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[0-9]+\\.[0-9]+(\\.[0-9]+)?").matcher(source);
        return m.find() ? m.group() : source;
    }

    /** This kernel with {@code more} added to its missing packages. */
    public Kernel withMissingPackages(List<String> more) {
        List<String> all = new java.util.ArrayList<>(missingPackages);
        more.stream().filter(name -> !all.contains(name)).forEach(all::add);
        return new Kernel(reference, release, image, modulesDir, config, debianPackage, all);
    }

    /** Why a loadable module is not available beyond its absence from the modules tree, if a package is missing. */
    public Optional<String> modulesMissingReason() {
        return missingPackages.stream().filter(name -> name.startsWith("linux-modules-")).findFirst()
                .map(name -> "the package index does not offer " + name + ", so " + exactReference()
                        + " has only its built-in drivers");
    }
}
