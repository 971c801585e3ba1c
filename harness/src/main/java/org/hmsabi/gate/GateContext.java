package org.hmsabi.gate;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.hmsabi.diff.Finding;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.topology.Topology;

/**
 * What the gate's paths beyond the boot-time comparison share (the hot-plug path, {@link GateHotPlug},
 * and the CXL path, {@link GateCxl}): how they boot guests, the golden files, the diff and checks,
 * and whether golden files are read or written.
 *
 * @param guestSpecs         how a guest of a kernel and topology is booted
 * @param hotPlugWaivers     known kernel behaviour around hot-plug and CXL regions
 * @param baselineFromGolden take a baseline from its golden file where one matches
 * @param updateGolden       write the captured snapshots as golden files (the baseline then boots)
 */
record GateContext(BiFunction<Kernel, Topology, GuestSpec> guestSpecs, GoldenFiles golden, SnapshotDiff diff, GateChecks checks,
                   Waivers hotPlugWaivers, boolean baselineFromGolden, boolean updateGolden) {

    /**
     * The baseline's snapshot of a cell from its golden file, read once: when golden files may be
     * used and the file was taken of this very fixture; else empty, and the baseline boots.
     */
    Optional<Snapshot> goldenBaseline(GateCell cell, String kernelKey) {
        return baselineFromGolden && !updateGolden
                ? cell.readGolden(golden, kernelKey).filter(GoldenFiles.ofFixture(cell.topology()))
                : Optional.empty();
    }

    /**
     * The findings of two snapshots taken once new memory was online on {@code node}: the diff, with
     * the contract's documented differences and the consequences of different online policies named.
     */
    List<Finding> findingsWithMemoryOn(Snapshot baseline, Snapshot candidate, Topology topology, int node) {
        return GateHotPlug.acknowledgeOnlinePolicy(checks.acknowledgeContractDifferences(
                diff.compare(baseline, candidate).findings(), baseline, candidate, topology,
                SyscallFacts.of(topology).withMemoryOn(node)), baseline, candidate, node);
    }

    /** The two guests of a comparison, the baseline's marked when it came from its golden file. */
    static List<GuestRecord> guests(BaselineKernel baseline, boolean fromGolden, Snapshot before, Kernel candidate, Snapshot after,
                                    Topology topology) {
        return List.of(GuestRecord.of(baseline.exactReference() + (fromGolden ? " (golden file)" : ""), before, topology.name()),
                GuestRecord.of(candidate.exactReference(), after, topology.name()));
    }
}
