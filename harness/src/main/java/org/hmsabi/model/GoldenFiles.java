package org.hmsabi.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hmsabi.BadInputException;
import org.hmsabi.Workspace;

/**
 * The recorded snapshots a candidate is diffed against: {@code fixtures/golden/<topology>/<kernel>.json},
 * where {@code <kernel>} is the exact reference without {@code debian:} ({@code 6.1.0-56},
 * {@code 6.12.117+deb12}) or, for a kernel booted from a bzImage, its release.
 *
 * <p>Golden files change only through {@link #update}, which the CLI exposes as
 * {@code --update-golden}: never as a side effect of a run. A golden file that is corrupt, of
 * another schema or of another topology or kernel than its place says is bad input naming the
 * file; it is never silently regenerated.
 */
public final class GoldenFiles {
    private static final String DEBIAN = "debian:";
    // a name that is one plain path segment: no separators, no "." or ".." tricks
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]*");

    private final Path directory;

    public GoldenFiles(Path directory) {
        this.directory = directory;
    }

    public static GoldenFiles of(Workspace workspace) {
        return new GoldenFiles(workspace.goldenDir());
    }

    /**
     * The name a kernel's golden files (and the snapshots a run keeps) use: the Debian ABI, or for
     * any other kernel the release its guest reported. That is untrusted text, so it is made one
     * plain path segment here, whatever it holds: other characters become '_', at most 100 of them.
     */
    public static String kernelKey(Snapshot.KernelInfo kernel) {
        if (kernel.reference().startsWith(DEBIAN)) {
            return kernel.reference().substring(DEBIAN.length());
        }
        String release = kernel.release() == null ? "" : kernel.release();
        String safe = release.substring(0, Math.min(release.length(), 100)).replaceAll("[^A-Za-z0-9._+~-]", "_")
                .replace("..", "__").replaceFirst("^[^A-Za-z0-9]+", "");
        return safe.isEmpty() ? "unknown-release" : safe;
    }

    /** Where the golden files are: one directory per topology below it. */
    public Path directory() {
        return directory;
    }

    public Path pathFor(String topology, String kernelKey) {
        return directory.resolve(segment(topology, "topology")).resolve(segment(kernelKey, "kernel") + ".json");
    }

    /**
     * Whether a golden snapshot was taken of this very fixture (its content hash), so it may stand
     * for a boot of it: a fixture edited since makes its golden files stale.
     */
    public static java.util.function.Predicate<Snapshot> ofFixture(org.hmsabi.topology.Topology topology) {
        return snapshot -> snapshot.topology().hash().equals(topology.contentHash());
    }

    /** The golden snapshot of a topology and kernel, if one was recorded. */
    public Optional<Snapshot> read(String topology, String kernelKey) {
        return readChecked(pathFor(topology, kernelKey), topology, kernelKey);
    }

    /** Records a snapshot as the golden file of its topology and kernel, replacing any, atomically. */
    public Path update(Snapshot snapshot) {
        return write(pathFor(snapshot.topology().name(), kernelKey(snapshot.kernel())), snapshot);
    }

    private static Path write(Path file, Snapshot snapshot) {
        SnapshotFiles.writeAtomically(file, SnapshotFiles.toCanonicalJson(snapshot));
        return file;
    }

    /**
     * The golden file of a topology and kernel after a hot-plug event's memory arrived:
     * {@code <kernel>.hotplug.<event>.json}, e.g. {@code 6.12.117+deb12.hotplug.dimm0.json}.
     */
    public Path hotPlugPathFor(String topology, String kernelKey, String event) {
        return directory.resolve(segment(topology, "topology"))
                .resolve(segment(kernelKey, "kernel") + ".hotplug." + segment(event, "hot-plug event") + ".json");
    }

    /** The golden snapshot after a hot-plug event, if one was recorded; checked like {@link #read}. */
    public Optional<Snapshot> readHotPlug(String topology, String kernelKey, String event) {
        return readChecked(hotPlugPathFor(topology, kernelKey, event), topology, kernelKey);
    }

    /** The snapshot in {@code file}, if it exists, after checking it holds the topology and kernel its name says. */
    private static Optional<Snapshot> readChecked(Path file, String topology, String kernelKey) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Snapshot snapshot = SnapshotFiles.read(file);
        if (!snapshot.topology().name().equals(topology) || !kernelKey(snapshot.kernel()).equals(kernelKey)) {
            throw new BadInputException(file + ": holds " + snapshot.topology().name() + " on " + kernelKey(snapshot.kernel())
                    + ", not " + topology + " on " + kernelKey + "; move it, or record it again with --update-golden");
        }
        return Optional.of(snapshot);
    }

    /** Records the snapshot after a hot-plug event as its golden file, atomically. */
    public Path updateHotPlug(Snapshot snapshot, String event) {
        return write(hotPlugPathFor(snapshot.topology().name(), kernelKey(snapshot.kernel()), event), snapshot);
    }

    /** The suffix of the golden file of a CXL fixture after its region's memory came online. */
    public static final String AFTER_REGION = "after-region";

    /**
     * The golden file of a CXL fixture and kernel with the region online: the node ABI plus the CXL
     * bus ({@code /sys/bus/cxl/devices}) once the cxl suite's region became a node,
     * {@code <kernel>.after-region.json}, e.g. {@code 7.3.4+deb13.after-region.json}.
     */
    public Path afterRegionPathFor(String topology, String kernelKey) {
        return directory.resolve(segment(topology, "topology")).resolve(segment(kernelKey, "kernel") + "." + AFTER_REGION + ".json");
    }

    /** The golden snapshot with the CXL region online, if one was recorded; checked like {@link #read}. */
    public Optional<Snapshot> readAfterRegion(String topology, String kernelKey) {
        return readChecked(afterRegionPathFor(topology, kernelKey), topology, kernelKey);
    }

    /** Records the snapshot with the CXL region online as its golden file, atomically. */
    public Path updateAfterRegion(Snapshot snapshot) {
        return write(afterRegionPathFor(snapshot.topology().name(), kernelKey(snapshot.kernel())), snapshot);
    }

    private static String segment(String name, String what) {
        if (!SEGMENT.matcher(name).matches() || name.contains("..")) {
            throw new BadInputException("'" + name + "' cannot name a golden file's " + what
                    + " (letters, digits and . _ + ~ - only)");
        }
        return name;
    }
}
