package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.capture.WriteCapture;
import org.hmsabi.diff.Finding;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.Guest;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.WriteSpec;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The write side in the cross-version diff, on real kernels: both default kernels' writes recorded
 * in their snapshots (and through the canonical JSON), diffed; the writes whose outcome the spec
 * says differs between the two kernels are exactly the ERRNO_CHANGED findings of the diff, and a
 * write only one of them has is ADDED or REMOVED.
 */
@Tag("guest")
class SysfsWritesDiffTest {

    @Test
    void theDiffShowsTheWriteDifferencesTheSpecPredicts() {
        List<String> kernels = TestGuests.defaultKernelReferences();
        Topology topology = TestGuests.topology("two-socket-hbm");
        Snapshot baseline = withWrites(TestGuests.kernel(kernels.get(0)), topology);
        Snapshot candidate = withWrites(TestGuests.kernel(kernels.get(1)), topology);

        List<Finding> findings = new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false).compare(baseline, candidate).findings();
        Set<String> errnoChanged = new TreeSet<>();
        findings.stream().filter(f -> f.kind() == Finding.Kind.ERRNO_CHANGED && f.subject().startsWith("write "))
                .forEach(f -> errnoChanged.add(f.subject().substring("write ".length())));
        assertThat(errnoChanged).isEqualTo(predictedOutcomeChanges(baseline, candidate));
        // No finding about a write that is as the spec says on both kernels but differs only in what the guest held before.
        assertThat(findings).filteredOn(f -> f.subject().startsWith("write ") && f.kind() == Finding.Kind.VALUE_CHANGED).isEmpty();
    }

    /** Writes both kernels have whose expected outcome (accepted, or which errno) differs between them. */
    private static Set<String> predictedOutcomeChanges(Snapshot baseline, Snapshot candidate) {
        WriteSpec spec = WriteSpec.bundled();
        KernelVersion before = KernelVersion.parse(baseline.kernel().release());
        KernelVersion after = KernelVersion.parse(candidate.kernel().release());
        Set<String> changed = new TreeSet<>();
        for (WriteSpec.Attribute attribute : spec.attributes()) {
            for (WriteSpec.Case was : attribute.writesFor(before)) {
                Optional<WriteSpec.Case> is = attribute.writesFor(after).stream()
                        .filter(c -> attribute.caseId(c).equals(attribute.caseId(was))).findFirst();
                if (is.isPresent() && !outcome(was).equals(outcome(is.get()))) {
                    changed.add(attribute.caseId(was));
                }
            }
        }
        return changed;
    }

    private static String outcome(WriteSpec.Case c) {
        return c.expect() instanceof WriteSpec.Expectation.Refused refused ? refused.errno() : "ok";
    }

    private static Snapshot withWrites(Kernel kernel, Topology topology) {
        try (Guest guest = TestGuests.boot(kernel, topology)) {
            Snapshot snapshot = Snapshots.capture(guest, kernel, topology);
            WriteCapture.Result writes = Snapshots.writes(guest);
            assertThat(writes.notRestored()).as("attributes not put back").isEmpty();
            assertThat(writes.records()).isNotEmpty();
            Snapshot recorded = snapshot.withWrites(writes.records());
            // The canonical JSON keeps every write.
            assertThat(SnapshotFiles.toCanonicalJson(recorded)).contains("\"writes\"");
            return recorded;
        }
    }
}
