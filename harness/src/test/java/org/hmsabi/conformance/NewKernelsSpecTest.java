package org.hmsabi.conformance;

import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.AttributeRule;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.spec.ValueClass;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.junit.jupiter.api.Test;

/**
 * The bundled spec on kernels after 6.12: a real capture of two-socket-hbm on Debian's 7.3.4, and
 * copies of it and of the 6.12.117 capture changed the way 6.16 .. 7.0 differ (facts in the
 * comments of spec/attributes.yaml).
 */
class NewKernelsSpecTest {
    private static final String NODE = "/sys/devices/system/node";
    private static final String WEIGHTS = "/sys/kernel/mm/mempolicy/weighted_interleave";

    private final ConformanceChecker checker = new ConformanceChecker(AbiSpec.bundled());

    @Test
    void aRealCaptureOf73ConformsAndTheSpecKnowsEveryPathInIt() {
        Snapshot on73 = capture("two-socket-hbm-7.3.json");
        assertThat(on73.kernel().release()).isEqualTo("7.3.4+deb13-amd64");
        ConformanceReport report = checker.check(on73, Optional.empty());
        assertThat(report.violations()).isEmpty();
        assertThat(report.undocumented()).isEmpty();
        // What 7.3 has that 6.12 had not, and what it lost.
        assertThat(on73.sysfs()).containsKeys(NODE + "/node2/memory_side_cache/index1/address_mode", NODE + "/node0/reclaim",
                WEIGHTS + "/auto");
        assertThat(on73.sysfs()).doesNotContainKey(NODE + "/node2/access0/power/runtime_status");
    }

    @Test
    void addressModeIsHexOnEveryCacheFrom615() {
        Snapshot decimal = mutated(capture("two-socket-hbm-7.3.json"), sysfs -> sysfs.put(NODE + "/node2/memory_side_cache/index1/address_mode",
                new Entry.File("0444", new Cell.Value(ValueClass.CONFIG, "0\n"))));
        assertThat(checker.check(decimal, Optional.empty()).violations()).extracting(Violation::rule).containsExactly(ViolationRule.GRAMMAR);
        Snapshot without = mutated(capture("two-socket-hbm-7.3.json"), sysfs -> sysfs.remove(NODE + "/node3/memory_side_cache/index1/address_mode"));
        assertThat(checker.check(without, Optional.empty()).violations()).extracting(Violation::path, Violation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(NODE + "/node3/memory_side_cache/index1/address_mode", ViolationRule.MISSING));
        // 6.12 has none, and must not.
        assertThat(checker.check(capture("two-socket-hbm-6.12.json"), Optional.empty()).violations()).isEmpty();
    }

    /** 6.18.4+, 6.19 and 7.0 name weighted_interleave/auto "__auto_type": the missing auto is reported, the misnamed file is known. */
    @Test
    void theMisnamedAutoOf618To70IsAFindingNotAnUndocumentedPath() {
        Snapshot misnamed = mutated(capture("two-socket-hbm-7.3.json"), sysfs -> sysfs.put(WEIGHTS + "/__auto_type", sysfs.remove(WEIGHTS + "/auto")));
        for (String release : new String[] {"6.18.15+deb13-amd64", "6.19.14+deb13-amd64", "7.0.13+deb13-amd64"}) {
            ConformanceReport report = checker.check(relabelled(misnamed, release), Optional.empty());
            assertThat(report.undocumented()).as(release).isEmpty();
            assertThat(report.violations()).as(release).singleElement().satisfies(violation -> {
                assertThat(violation.rule()).isEqualTo(ViolationRule.MISSING);
                assertThat(violation.path()).isEqualTo(WEIGHTS + "/auto");
            });
        }
        // From 7.1 (fixed) the misnamed file would be news again.
        assertThat(checker.check(relabelled(misnamed, "7.1.13+deb13-amd64"), Optional.empty()).undocumented())
                .containsExactly(WEIGHTS + "/__auto_type");
    }

    @Test
    void weightsArePerPossibleNodeBefore616AndPerMemoryNodeSince() {
        Consumer<SortedMap<String, Entry>> possibleNode4 = sysfs -> sysfs.put(NODE + "/possible",
                new Entry.File("0444", new Cell.Value(ValueClass.CONFIG, "0-4\n")));
        assertThat(checker.check(mutated(capture("two-socket-hbm-6.12.json"), possibleNode4), Optional.empty()).violations())
                .extracting(Violation::path).containsExactly(WEIGHTS + "/node4");
        assertThat(checker.check(mutated(capture("two-socket-hbm-7.3.json"), possibleNode4), Optional.empty()).violations()).isEmpty();
        assertThat(checker.check(mutated(capture("two-socket-hbm-7.3.json"), sysfs -> sysfs.remove(WEIGHTS + "/node1")), Optional.empty())
                .violations()).extracting(Violation::path).containsExactly(WEIGHTS + "/node1");
    }

    @Test
    void theDebugRuntimePmFilesOfAccessAndCacheDevicesEndAt616() {
        AbiSpec spec = AbiSpec.bundled();
        String path = NODE + "/node2/access0/power/runtime_usage";
        assertThat(spec.find(path, Optional.of(KernelVersion.parse("6.12"))).flatMap(AttributeRule::until))
                .contains(KernelVersion.parse("6.16"));
        assertThat(spec.find(NODE + "/node2/memory_side_cache/index1/power/runtime_status", Optional.of(KernelVersion.parse("6.12")))
                .flatMap(AttributeRule::until)).contains(KernelVersion.parse("6.16"));
        // The node devices keep theirs: the generic driver-core entry covers them (and any device from 6.16 on).
        assertThat(spec.find(path, Optional.of(KernelVersion.parse("6.16"))).map(rule -> rule.path().text())).contains("**/power/runtime_usage");
        assertThat(spec.find(NODE + "/node2/power/runtime_usage", Optional.of(KernelVersion.parse("6.12"))).map(rule -> rule.path().text()))
                .contains("**/power/runtime_usage");
    }

    private static Snapshot relabelled(Snapshot snapshot, String release) {
        return new Snapshot(snapshot.schema(), new Snapshot.KernelInfo(release, "test"), snapshot.topology(), snapshot.sysfs(),
                snapshot.procfs(), snapshot.syscalls());
    }

    private static Snapshot mutated(Snapshot snapshot, Consumer<SortedMap<String, Entry>> change) {
        SortedMap<String, Entry> sysfs = new TreeMap<>(snapshot.sysfs());
        change.accept(sysfs);
        return new Snapshot(snapshot.schema(), snapshot.kernel(), snapshot.topology(), sysfs, snapshot.procfs(), snapshot.syscalls());
    }

    private static Snapshot capture(String resource) {
        try {
            return SnapshotFiles.read(Path.of(NewKernelsSpecTest.class.getResource(resource).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
