package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.regex.Pattern;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * One kernel pinned in {@code fixtures/kernels.yaml}: the exact package version and the SHA-256
 * it had when it was pinned. A download of that version must match.
 */
public record KernelPin(
        @JsonProperty("package") String packageName,
        @JsonProperty("version") String version,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("note") String note) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public KernelPin {
        require(packageName != null, "a pin has no package");
        require(DebianKernelPackages.genericAbiOf(packageName).isPresent(),
                "pin package '" + packageName + "' is not linux-image-<abi>-amd64-unsigned");
        require(version != null && !version.isBlank(), packageName + " is pinned without a version");
        require(sha256 != null && SHA256.matcher(sha256).matches(),
                packageName + " is pinned without a 64-digit lower-case hex sha256");
        note = Objects.requireNonNullElse(note, "");
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The exact kernel this pin names. */
    public DebianKernel kernel() {
        return new DebianKernel(DebianKernelPackages.genericAbiOf(packageName).orElseThrow());
    }

    /** The reference that resolves to this kernel, e.g. {@code debian:6.1.0-56}. */
    public String reference() {
        return kernel().text();
    }

    public String series() {
        return kernel().series();
    }

    /** Whether {@code pkg} is the package version this pin is about. */
    public boolean pins(DebianPackage pkg) {
        return packageName.equals(pkg.name()) && version.equals(pkg.version());
    }
}
