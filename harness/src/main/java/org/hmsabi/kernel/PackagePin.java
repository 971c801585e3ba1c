package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One pinned package: the exact version and the SHA-256 the package index gave for it when it
 * was pinned. A download of that version must match; a cache entry verified against it stays
 * usable after the archive has dropped the version.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"package", "version", "sha256", "note"})
public record PackagePin(
        @JsonProperty("package") String packageName,
        @JsonProperty("version") String version,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("note") String note) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public PackagePin {
        if (packageName == null || packageName.isBlank()) {
            throw new IllegalArgumentException("a pin has no package");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException(packageName + " is pinned without a version");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(packageName + " is pinned without a 64-digit lower-case hex sha256");
        }
        note = Objects.requireNonNullElse(note, "");
    }

    /** The pin of exactly this package version as the index describes it. */
    public static PackagePin of(DebianPackage pkg) {
        return new PackagePin(pkg.name(), pkg.version(), pkg.sha256(), "");
    }

    /** Whether {@code pkg} is the package version this pin is about. */
    public boolean pins(DebianPackage pkg) {
        return packageName.equals(pkg.name()) && version.equals(pkg.version());
    }

    /** Whether {@code pkg} is this package version with this checksum. */
    public boolean matches(DebianPackage pkg) {
        return pins(pkg) && sha256.equals(pkg.sha256());
    }

    /**
     * {@code offered}, the index's description of this pin's version, when its checksum is the
     * pinned one; otherwise the index changed underneath the pin ({@code pinsSource} names the file).
     */
    public DebianPackage checked(DebianPackage offered, String pinsSource) {
        if (!sha256.equals(offered.sha256())) {
            throw new org.hmsabi.InfrastructureException(offered.nameAndVersion() + " has SHA-256 " + offered.sha256()
                    + " in the package index but " + pinsSource + " pins " + sha256
                    + "; check your apt sources before re-pinning deliberately");
        }
        return offered;
    }

    /** {@code name version}, the way apt prints it. */
    public String nameAndVersion() {
        return packageName + " " + version;
    }
}
