package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * One kernel pinned in {@code fixtures/kernels.yaml}: its reference ({@code debian:<abi>}) and
 * every package it is fetched from (the one holding the image first; a split kernel's modules and
 * base packages after it), each with its version and SHA-256.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"kernel", "note", "packages"})
public record KernelPin(
        @JsonProperty("kernel") String reference,
        @JsonProperty("packages") List<PackagePin> packages,
        @JsonProperty("note") String note) {

    public KernelPin {
        if (reference == null || !reference.startsWith(KernelRef.DEBIAN_SCHEME)) {
            throw new IllegalArgumentException("a kernel pin needs 'kernel: debian:<abi>'");
        }
        if (!(KernelRef.parse(reference) instanceof DebianKernel kernel)) {
            throw new IllegalArgumentException(reference + " is pinned, but only an exact debian:<abi> can be");
        }
        if (packages == null || packages.isEmpty() || packages.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(reference + " is pinned without its 'packages:'");
        }
        packages = List.copyOf(packages);
        String image = packages.get(0).packageName();
        if (DebianKernelPackages.kernelAbiOf(image).filter(kernel.abi()::equals).isEmpty()) {
            throw new IllegalArgumentException(reference + ": its first package " + image
                    + " is not a kernel image package of " + kernel.abi());
        }
        note = Objects.requireNonNullElse(note, "");
    }

    /** The exact kernel this pin names. */
    public DebianKernel kernel() {
        return (DebianKernel) KernelRef.parse(reference);
    }

    public String series() {
        return kernel().series();
    }

    /** The pin of the package holding the image. */
    public PackagePin image() {
        return packages.get(0);
    }

    /**
     * The companion packages this kernel's packaging has but the pin does not list (a split
     * kernel pinned while the index lacked its modules and base packages).
     */
    public List<String> missingCompanions() {
        if (DebianKernelPackages.kindOf(image().packageName()).filter(k -> k == DebianKernelPackages.Kind.BINARY).isEmpty()) {
            return List.of();
        }
        String abi = kernel().abi();
        return java.util.stream.Stream.of(DebianKernelPackages.Kind.MODULES, DebianKernelPackages.Kind.BASE)
                .map(kind -> kind.packageName(abi))
                .filter(name -> pinOf(name).isEmpty())
                .toList();
    }

    /** The pin of one of this kernel's packages. */
    public Optional<PackagePin> pinOf(String packageName) {
        return packages.stream().filter(pin -> pin.packageName().equals(packageName)).findFirst();
    }
}
