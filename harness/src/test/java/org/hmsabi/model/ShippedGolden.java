package org.hmsabi.model;

import java.nio.file.Path;
import java.util.Optional;
import org.hmsabi.Workspace;
import org.hmsabi.kernel.KernelPins;

/**
 * The repository's golden files for the kernel pinned now in a series, so tests that read them
 * keep reading the real, current files after a re-pin.
 */
public final class ShippedGolden {
    private static final Workspace WORKSPACE = Workspace.locate(Optional.empty());

    private ShippedGolden() {
    }

    /** The exact reference of the newest kernel pinned in {@code series}, e.g. {@code debian:6.12.118+deb12}. */
    public static String pinned(String series) {
        return KernelPins.findOrNone(WORKSPACE.root()).newestIn(series)
                .orElseThrow(() -> new AssertionError("fixtures/kernels.yaml pins no " + series + " kernel"))
                .reference();
    }

    /** The golden file of {@code topology} for the newest kernel pinned in {@code series}. */
    public static Path file(String topology, String series) {
        return WORKSPACE.goldenDir().resolve(topology).resolve(pinned(series).substring("debian:".length()) + ".json");
    }

    /** That golden file, read. */
    public static Snapshot read(String topology, String series) {
        return SnapshotFiles.read(file(topology, series));
    }
}
