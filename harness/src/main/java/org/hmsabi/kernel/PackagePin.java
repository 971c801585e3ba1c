package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One pinned package that is not a kernel image (the headers and kbuild packages out-of-tree
 * modules are built against): the exact version and the SHA-256 it had when it was pinned.
 */
public record PackagePin(
        @JsonProperty("package") String packageName,
        @JsonProperty("version") String version,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("note") String note) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public PackagePin {
        if (packageName == null || packageName.isBlank()) {
            throw new IllegalArgumentException("a headers pin has no package");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException(packageName + " is pinned without a version");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(packageName + " is pinned without a 64-digit lower-case hex sha256");
        }
        note = Objects.requireNonNullElse(note, "");
    }
}
