package org.hmsabi.kernel;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Debian package archive as hmsabi needs it: what kernel packages exist, what one of them
 * is, and fetching and unpacking it. {@link AptArchive} is the real one (apt and dpkg, through
 * hmsabi's own {@link AptConfig}); tests substitute a fake or a local apt repository. Failures are
 * {@link org.hmsabi.InfrastructureException}s; callers add which kernel they were working on.
 */
public interface DebianArchive {

    /**
     * The names of all kernel packages in the package index ({@code linux-image-*},
     * {@code linux-binary-*}, {@code linux-modules-*}, {@code linux-base-*} of amd64), every flavour
     * included; empty when the index is empty.
     */
    List<String> kernelPackageNames();

    /** The index's candidate (newest) version of a package, or empty when the index does not know it. */
    Optional<DebianPackage> describe(String packageName);

    /** Exactly this version of a package, or empty when the index no longer (or never) had it. */
    Optional<DebianPackage> describe(String packageName, String version);

    /**
     * Downloads exactly {@code pkg}'s version into the empty {@code directory} and returns the
     * .deb file. Does not verify the checksum; the caller does, against the index and the pins.
     */
    Path download(DebianPackage pkg, Path directory);

    /** Unpacks the file system tree of a .deb into {@code directory} (no maintainer scripts run). */
    void unpack(Path deb, Path directory);
}
