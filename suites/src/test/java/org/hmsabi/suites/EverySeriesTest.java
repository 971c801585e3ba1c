package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPin;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.conformance.ConformanceChecker;
import org.hmsabi.conformance.ConformanceReport;
import org.hmsabi.conformance.Violation;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pinned kernel that is not one of the gate's default pair (the newest of each series from
 * 6.16 to 7.3, in every packaging Debian uses) boots on {@code two-socket-hbm} (HMAT, memory-side
 * caches, CPU-less HBM nodes), is captured, shows the fixture's topology and exactly its golden
 * file ({@code fixtures/golden/two-socket-hbm/<abi>.json}), and shows no attribute the spec does
 * not describe. The default kernels run the full matrix elsewhere; this keeps every
 * series in {@code ci/test} at one boot each.
 *
 * <p>Conformance violations are printed. One is a known kernel bug and is allowed here because
 * the snapshot itself proves it: 6.18.4 to 7.0 name {@code weighted_interleave/auto}
 * {@code __auto_type} ({@code auto} became a macro in compiler_types.h; fixed in 7.1), so
 * {@code auto} is missing exactly where {@code __auto_type} is present. {@code hmsabi check}
 * reports it as the FAIL it is.
 */
@Tag("guest")
class EverySeriesTest {
    private static final ConformanceChecker CHECKER = new ConformanceChecker(AbiSpec.bundled());
    private static final String WEIGHTED = "/sys/kernel/mm/mempolicy/weighted_interleave/";

    static Stream<String> otherPinnedKernels() {
        List<String> defaults = TestGuests.defaultKernelReferences();
        return KernelPins.findOrNone(TestGuests.workspace().root()).pins().stream()
                .map(KernelPin::reference)
                .filter(reference -> !defaults.contains(reference));
    }

    @ParameterizedTest(name = "{0} on two-socket-hbm")
    @MethodSource("otherPinnedKernels")
    void theNewestKernelOfASeriesBootsShowsTheFixtureAndNothingUndocumented(String reference) {
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology("two-socket-hbm");
        Snapshot snapshot = TestGuests.captureAsGolden(kernel, topology);
        ConformanceReport report = CHECKER.check(snapshot, Optional.of(topology));
        System.out.println(report.summary());
        report.violations().forEach(v -> System.out.println("  violation on " + report.kernel() + ": " + v.message()));
        kernel.modulesMissingReason().ifPresent(reason -> System.out.println("  " + reason));

        assertThat(snapshot.kernel().release()).isEqualTo(kernel.release());
        assertThat(report.undocumented()).as("attributes the spec does not describe on " + reference).isEmpty();
        ConformanceSuiteTest.assertTheObservedTopologyIsTheFixture(snapshot, topology);
        GoldenFiles golden = GoldenFiles.of(TestGuests.workspace());
        String key = GoldenFiles.kernelKey(new Snapshot.KernelInfo(kernel.release(), kernel.exactReference()));
        Optional<Snapshot> recorded = golden.read(topology.name(), key);
        assertThat(recorded).as("%s exists; record it with ./hmsabi snapshot --kernel %s --topology %s --out %1$s --force",
                golden.pathFor(topology.name(), key), kernel.exactReference(), topology.name()).isPresent();
        assertThat(SnapshotFiles.toCanonicalJson(snapshot)).as("%s is current", golden.pathFor(topology.name(), key))
                .isEqualTo(SnapshotFiles.toCanonicalJson(recorded.get()));
        boolean autoRenamed = snapshot.sysfs().containsKey(WEIGHTED + "__auto_type");
        assertThat(report.violations()).as(report.summary()).allSatisfy(violation -> {
            assertThat(violation.path()).as("only the __auto_type bug is allowed: " + violation.message()).isEqualTo(WEIGHTED + "auto");
            assertThat(autoRenamed).as("auto is missing because it is named __auto_type").isTrue();
        });
    }
}
