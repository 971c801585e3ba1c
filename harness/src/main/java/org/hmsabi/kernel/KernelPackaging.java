package org.hmsabi.kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hmsabi.kernel.DebianKernelPackages.Kind;

/**
 * Which packages hold one Debian kernel, decided from the names the package index lists:
 * <ul>
 *   <li>{@link Form#UNSIGNED}: {@code linux-image-V-amd64-unsigned} (bookworm, with its modules);
 *   <li>{@link Form#SIGNED}: {@code linux-image-V-amd64} (trixie and backports up to 6.18, with its modules);
 *   <li>{@link Form#SPLIT}: from 6.19.6 the image package is an empty metapackage: the kernel is in
 *       {@code linux-binary-V-amd64}, the modules in {@code linux-modules-V-amd64} and the config in
 *       {@code linux-base-V-amd64}, the last two listed in the index only from 7.2.6. A split kernel
 *       whose modules package is missing still boots; what needs a module reports it missing.
 * </ul>
 *
 * @param abi      the kernel ABI, e.g. {@code 6.18.15+deb13}
 * @param form     how it is packaged
 * @param packages the packages to fetch, the one holding the image first
 * @param missing  companion packages the packaging has but the index lacks (split kernels before 7.2.6)
 */
public record KernelPackaging(String abi, Form form, List<String> packages, List<String> missing) {

    /** The three packagings Debian has used for amd64 kernels. */
    public enum Form { UNSIGNED, SIGNED, SPLIT }

    public KernelPackaging {
        Objects.requireNonNull(abi, "abi");
        Objects.requireNonNull(form, "form");
        packages = List.copyOf(packages);
        missing = List.copyOf(missing);
        if (packages.isEmpty()) {
            throw new IllegalArgumentException(abi + ": a kernel needs at least the package with its image");
        }
    }

    /** The package whose {@code Version} and {@code SHA256} identify the kernel: the one with the image. */
    public String imagePackage() {
        return packages.get(0);
    }

    /** Whether the loadable modules are fetched (always, except for a split kernel whose modules package is missing). */
    public boolean hasModules() {
        return !missing.contains(Kind.MODULES.packageName(abi));
    }

    /**
     * The packaging of {@code abi} given the kernel package names the index lists, or empty when
     * the index lists no package that holds its image. Unsigned wins over signed (the pins of
     * bookworm kernels name it), a binary package over the metapackage that depends on it.
     */
    public static Optional<KernelPackaging> of(String abi, Collection<String> indexNames) {
        if (indexNames.contains(Kind.IMAGE_UNSIGNED.packageName(abi))) {
            return Optional.of(new KernelPackaging(abi, Form.UNSIGNED, List.of(Kind.IMAGE_UNSIGNED.packageName(abi)), List.of()));
        }
        if (indexNames.contains(Kind.BINARY.packageName(abi))) {
            List<String> packages = new ArrayList<>(List.of(Kind.BINARY.packageName(abi)));
            List<String> missing = new ArrayList<>();
            for (Kind companion : List.of(Kind.MODULES, Kind.BASE)) {
                String name = companion.packageName(abi);
                (indexNames.contains(name) ? packages : missing).add(name);
            }
            return Optional.of(new KernelPackaging(abi, Form.SPLIT, packages, missing));
        }
        if (indexNames.contains(Kind.IMAGE.packageName(abi))) {
            return Optional.of(new KernelPackaging(abi, Form.SIGNED, List.of(Kind.IMAGE.packageName(abi)), List.of()));
        }
        return Optional.empty();
    }
}
