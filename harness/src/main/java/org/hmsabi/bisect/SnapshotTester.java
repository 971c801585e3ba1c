package org.hmsabi.bisect;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hmsabi.HmsabiException;
import org.hmsabi.Messages;
import org.hmsabi.capture.Capture;
import org.hmsabi.capture.ParallelCaptures;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.topology.Topology;

/**
 * The real tester: resolves a kernel (fetching a Debian package on demand), boots it on the
 * topology, captures its snapshot and diffs it against the baseline snapshot. Resolving,
 * booting and capturing failures are untestable kernels, not errors. Every snapshot taken is
 * kept in memory and written under {@code keepDir/<topology>/}.
 */
public final class SnapshotTester implements KernelTester {
    private final Function<String, Kernel> resolver;
    private final ParallelCaptures captures;
    private final Topology topology;
    private final SnapshotDiff diff;
    private final FindingFilter filter;
    private final Path keepDir;
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    private Snapshot baseline;
    private String lastResolveFailure = "";

    /** {@code baseline}: a snapshot to compare with, or empty when {@link #baseline(String)} will capture one. */
    public SnapshotTester(Function<String, Kernel> resolver, ParallelCaptures captures, Topology topology, SnapshotDiff diff,
                          FindingFilter filter, Path keepDir, Optional<Snapshot> baseline) {
        this.resolver = resolver;
        this.captures = captures;
        this.topology = topology;
        this.diff = diff;
        this.filter = filter;
        this.keepDir = keepDir;
        this.baseline = baseline.orElse(null);
    }

    @Override
    public Observation baseline(String reference) {
        Capture capture = capture(reference);
        if (capture == null || !capture.succeeded()) {
            return untestable(reference, capture);
        }
        baseline = capture.snapshot().get();
        return new Observation.Good();
    }

    @Override
    public Observation compare(String reference) {
        if (baseline == null) {
            throw new IllegalStateException("compare before a baseline was captured");
        }
        Capture capture = capture(reference);
        if (capture == null || !capture.succeeded()) {
            return untestable(reference, capture);
        }
        return filter.firstMatch(diff.compare(baseline, capture.snapshot().get()).findings())
                .<Observation>map(Observation.Bad::new)
                .orElseGet(Observation.Good::new);
    }

    /** The snapshots taken so far, by kernel reference (the latest run of each). */
    public Map<String, Snapshot> snapshots() {
        return Map.copyOf(snapshots);
    }

    /** The capture, or null when the kernel could not even be resolved (download failed, not a bzImage). */
    private Capture capture(String reference) {
        Kernel kernel;
        try {
            kernel = resolver.apply(reference);
        } catch (HmsabiException e) {
            lastResolveFailure = Messages.firstLine(e.getMessage());
            return null;
        }
        Capture capture = captures.submit(kernel, topology).join();
        capture.snapshot().ifPresent(snapshot -> {
            snapshots.put(reference, snapshot);
            SnapshotFiles.write(snapshot, keepDir.resolve(topology.name())
                    .resolve(GoldenFiles.kernelKey(snapshot.kernel()) + ".json"), true);
        });
        return capture;
    }

    private Observation untestable(String reference, Capture capture) {
        String reason = capture == null ? lastResolveFailure : capture.failure().orElse("no snapshot");
        return new Observation.Untestable(reason);
    }
}
