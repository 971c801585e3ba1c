package org.hmsabi.kernel;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Debian package archive as hmsabi needs it: what kernel packages exist, what one of them
 * is, and fetching and unpacking it. {@link AptArchive} is the real one (apt and dpkg); tests
 * substitute a fake. Failures are {@link org.hmsabi.InfrastructureException}s; callers add which
 * kernel they were working on.
 */
public interface DebianArchive {

    /**
     * The names of all {@code linux-image-*-amd64-unsigned} packages in the package index, every
     * flavour included; empty when the index is empty (no {@code apt-get update} yet).
     */
    List<String> kernelImagePackageNames();

    /** The index's candidate version of a package, or empty when the index does not know it. */
    Optional<DebianPackage> describe(String packageName);

    /**
     * Downloads exactly {@code pkg}'s version into the empty {@code directory} and returns the
     * .deb file. Does not verify the checksum; the caller does, against the index and the pins.
     */
    Path download(DebianPackage pkg, Path directory);

    /** Unpacks the file system tree of a .deb into {@code directory} (no maintainer scripts run). */
    void unpack(Path deb, Path directory);
}
