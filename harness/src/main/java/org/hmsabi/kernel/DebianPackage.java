package org.hmsabi.kernel;

import java.util.Objects;
import java.util.regex.Pattern;
import org.hmsabi.InfrastructureException;

/**
 * One package version as the apt package index describes it: what to download and the SHA-256
 * the download must have.
 */
public record DebianPackage(String name, String version, String sha256, long sizeBytes) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.+-]*");
    private static final Pattern VERSION = Pattern.compile("[0-9][A-Za-z0-9.+~:-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Checked because these strings come from outside and end up in file names and apt arguments. */
    public DebianPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        if (!NAME.matcher(name).matches() || !VERSION.matcher(version).matches()
                || !SHA256.matcher(sha256).matches() || sizeBytes < 0) {
            throw new InfrastructureException("package index entry looks malformed: " + name + " " + version
                    + " sha256=" + sha256 + " size=" + sizeBytes + "; run 'apt-get update' and retry");
        }
    }

    /** {@code name version}, the way apt prints it. */
    public String nameAndVersion() {
        return name + " " + version;
    }

    /**
     * Checks that a downloaded .deb is this package version: its SHA-256 must be the one the
     * index gave (for a pinned package the index's checksum was checked against the pin first).
     */
    public void verifyDownload(java.nio.file.Path deb) throws java.io.IOException {
        String actual = Sha256.of(deb);
        if (!actual.equals(sha256)) {
            throw new InfrastructureException("downloaded " + deb.getFileName() + " has SHA-256 " + actual
                    + " but the package index says " + sha256 + "; a mirror or proxy served a different file, retry later");
        }
    }

    /** Size for progress messages, in the decimal megabytes apt itself shows. */
    public long sizeMegabytes() {
        return Math.round(sizeBytes / 1_000_000.0);
    }
}
