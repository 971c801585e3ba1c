package org.hmsabi.conformance;

import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.ValueClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
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
import org.junit.jupiter.api.io.TempDir;

/** The checker on a real capture (two-socket-hbm on 6.12.117) and on deliberately broken copies of it. */
class ConformanceCheckerTest {
    private static final String NODE = "/sys/devices/system/node";
    private static final String RELEASE = "6.12.117+deb12-amd64";

    private final ConformanceChecker checker = new ConformanceChecker(AbiSpec.bundled());

    @Test
    void aRealCaptureConformsAndTheSpecKnowsEveryPathInIt() {
        ConformanceReport report = checker.check(captured(), Optional.empty());
        assertThat(report.violations()).isEmpty();
        assertThat(report.undocumented()).isEmpty();
        assertThat(report.checked()).isGreaterThan(300);
        assertThat(report.summary()).startsWith("conforms: kernel " + RELEASE + ", topology two-socket-hbm");
    }

    @Test
    void aMutatedValueFailsNamingTheAttributeTheGrammarAndTheKernel() {
        Snapshot broken = mutated(sysfs -> sysfs.put(NODE + "/node0/distance",
                new Entry.File("0444", new Cell.Value(org.hmsabi.spec.ValueClass.CONFIG, "10 twenty-one 13 23\n"))));
        ConformanceReport report = checker.check(broken, Optional.empty());
        assertThat(report.conforms()).isFalse();
        assertThat(report.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo(ViolationRule.GRAMMAR);
            assertThat(violation.message()).contains(NODE + "/node0/distance", "grammar", "kernel " + RELEASE,
                    "topology two-socket-hbm", "a row of distances");
        });
    }

    @Test
    void aRemovedRequiredAttributeIsMissingOnTheKernelThatMustHaveIt() {
        String weight = "/sys/kernel/mm/mempolicy/weighted_interleave/node2";
        ConformanceReport report = checker.check(mutated(sysfs -> sysfs.remove(weight)), Optional.empty());
        assertThat(report.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo(ViolationRule.MISSING);
            assertThat(violation.message()).contains(weight, "missing", "kernel " + RELEASE, "since 6.9");
        });
    }

    @Test
    void attributesNewerThanTheKernelMayBeAbsent() {
        Snapshot on61 = mutated(sysfs -> sysfs.keySet().removeIf(path -> path.startsWith("/sys/kernel/mm/mempolicy")
                || path.contains("/memory_failure")));
        Snapshot relabelled = new Snapshot(on61.schema(), new Snapshot.KernelInfo("6.1.0-56-amd64", "debian:6.1.0-56"),
                on61.topology(), on61.sysfs(), on61.procfs(), on61.syscalls());
        assertThat(checker.check(relabelled, Optional.empty()).violations()).isEmpty();
        assertThat(checker.check(on61, Optional.empty()).violations()).extracting(Violation::rule)
                .containsOnly(ViolationRule.MISSING);
    }

    @Test
    void aMissingAccessAttributeIsFoundInEveryAccessClassDirectory() {
        String latency = NODE + "/node3/access1/initiators/read_latency";
        ConformanceReport report = checker.check(mutated(sysfs -> sysfs.remove(latency)), Optional.empty());
        assertThat(report.violations()).extracting(Violation::path).containsExactly(latency);
    }

    @Test
    void hmatAccessClassesAreRequiredOnlyOnTheNodesTheTopologysHmatDescribes() {
        org.hmsabi.topology.Topology hbm = org.hmsabi.topology.ShippedFixtures.load("two-socket-hbm");
        Snapshot without = mutated(sysfs -> sysfs.keySet().removeIf(path -> path.startsWith(NODE + "/node3/access")));
        assertThat(checker.check(without, Optional.of(hbm)).violations()).extracting(Violation::path)
                .contains(NODE + "/node3/access0");
        // The same machine whose HMAT says nothing about node 3 (a CXL window's node gets its
        // memory at run time and is no HMAT target): nothing is missing there.
        org.hmsabi.topology.Topology noHmatToNode3 = new org.hmsabi.topology.Topology(hbm.name(), hbm.description(), hbm.nodes(),
                hbm.distances(), hbm.hmat().stream().filter(entry -> entry.target() != 3).toList(), java.util.List.of(), hbm.hotPlug());
        assertThat(checker.check(without, Optional.of(noHmatToNode3)).violations()).extracting(Violation::path)
                .noneMatch(path -> path.startsWith(NODE + "/node3/"));
    }

    @Test
    void pathsTheSpecDoesNotKnowAreListedNotFailed() {
        String unknown = NODE + "/node0/brand_new_attribute";
        ConformanceReport report = checker.check(mutated(sysfs -> sysfs.put(unknown,
                new Entry.File("0444", new Cell.Value(ValueClass.DETERMINISTIC, "1\n")))), Optional.empty());
        assertThat(report.conforms()).isTrue();
        assertThat(report.undocumented()).containsExactly(unknown);
    }

    @Test
    void aNodeFartherFromItselfThanFromAnotherBreaksTheDistanceInvariant() {
        ConformanceReport report = checker.check(mutated(sysfs -> sysfs.put(NODE + "/node1/distance",
                new Entry.File("0444", new Cell.Value(ValueClass.CONFIG, "21 30 23 13\n")))), Optional.empty());
        assertThat(report.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo(ViolationRule.INVARIANT);
            assertThat(violation.detail()).contains("node 1 is 30 from itself but 13");
        });
    }

    @Test
    void access1ListingACpuLessInitiatorBreaksAnInvariant() {
        String link = NODE + "/node3/access1/initiators/node2";
        ConformanceReport report = checker.check(mutated(sysfs -> sysfs.put(link, new Entry.Link("../../../node2"))),
                Optional.empty());
        assertThat(report.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo(ViolationRule.INVARIANT);
            assertThat(violation.path()).isEqualTo(link);
        });
    }

    @Test
    void aNodeInTwoTiersBreaksTheTierInvariant() {
        String tier = "/sys/devices/virtual/memory_tiering/memory_tier1/nodelist";
        ConformanceReport report = checker.check(mutated(sysfs -> sysfs.put(tier,
                new Entry.File("0444", new Cell.Value(ValueClass.DETERMINISTIC, "1-3\n")))), Optional.empty());
        assertThat(report.violations()).extracting(Violation::detail).containsExactly("node 1 is in both memory_tier1 and memory_tier4");
    }

    @Test
    void aTableRowOutsideItsGrammarNamesTheRow() {
        String meminfo = NODE + "/node0/meminfo";
        ConformanceReport report = checker.check(mutated(sysfs -> {
            Entry.Table table = (Entry.Table) sysfs.get(meminfo);
            SortedMap<String, Cell> rows = new TreeMap<>(table.rows());
            rows.put("MemFree", new Cell.Volatile("<int> pages"));
            sysfs.put(meminfo, new Entry.Table(table.mode(), rows));
        }), Optional.empty());
        assertThat(report.violations()).extracting(Violation::detail).containsExactly("row MemFree: '0 pages' is not an integer, optionally in kB");
    }

    /** A spec that says weighted_interleave/nodeN was per possible node until 6.16 and per memory node since. */
    private static ConformanceChecker splitWeightsSpec(Path dir) throws IOException {
        Path file = dir.resolve("attributes.yaml");
        Files.writeString(file, """
                attributes:
                  - {path: /sys/kernel/mm/mempolicy/weighted_interleave/node<N>, class: deterministic, stability: testing,
                     grammar: integer, since: "6.9", until: "6.16", presence: each-possible-node}
                  - {path: /sys/kernel/mm/mempolicy/weighted_interleave/node<N>, class: deterministic, stability: testing,
                     grammar: integer, since: "6.16", presence: each-memory-node}
                  - {path: /sys/kernel/mm/mempolicy/weighted_interleave/gone, class: deterministic, stability: testing,
                     grammar: integer, since: "6.9", until: "6.13"}
                """);
        return new ConformanceChecker(AbiSpec.load(file));
    }

    private static Snapshot relabelled(Snapshot snapshot, String release) {
        return new Snapshot(snapshot.schema(), new Snapshot.KernelInfo(release, "test"), snapshot.topology(), snapshot.sysfs(),
                snapshot.procfs(), snapshot.syscalls());
    }

    private static final String WEIGHTS = "/sys/kernel/mm/mempolicy/weighted_interleave";

    @Test
    void anAttributeWithUntilIsRequiredBeforeItAndNotFromItOn(@TempDir Path dir) throws IOException {
        ConformanceChecker split = splitWeightsSpec(dir);
        // node4 is possible but not online and has no memory: a per-possible-node weight file must exist before 6.16.
        Snapshot possibleNode4 = mutated(sysfs -> sysfs.put(NODE + "/possible",
                new Entry.File("0444", new Cell.Value(ValueClass.CONFIG, "0-4\n"))));
        assertThat(split.check(relabelled(possibleNode4, "6.12.117+deb12-amd64"), Optional.empty()).violations())
                .filteredOn(violation -> violation.rule() == ViolationRule.MISSING)
                .extracting(Violation::path, Violation::detail)
                .containsExactlyInAnyOrder(tuple(WEIGHTS + "/node4",
                        "absent, but the spec requires it on 6.12.117 (since 6.9, until 6.16)"),
                        tuple(WEIGHTS + "/gone",
                        "absent, but the spec requires it on 6.12.117 (since 6.9, until 6.13)"));
        // From 6.16 on only nodes with memory have one; the entry with until neither requires node4 nor 'gone'.
        assertThat(split.check(relabelled(possibleNode4, "6.16.12+deb13-amd64"), Optional.empty()).violations())
                .filteredOn(violation -> violation.rule() == ViolationRule.MISSING).isEmpty();
        // ... and a memory node without its weight file is missing there.
        ConformanceReport withoutNode2 = split.check(relabelled(mutated(sysfs -> sysfs.remove(WEIGHTS + "/node2")),
                "7.3.4+deb13-amd64"), Optional.empty());
        assertThat(withoutNode2.violations()).filteredOn(violation -> violation.rule() == ViolationRule.MISSING)
                .extracting(Violation::path).containsExactly(WEIGHTS + "/node2");
    }

    @Test
    void aPathOnlyAnEndedEntryMatchesIsUndocumentedOnKernelsFromItsUntil(@TempDir Path dir) throws IOException {
        ConformanceChecker split = splitWeightsSpec(dir);
        Snapshot withGone = mutated(sysfs -> sysfs.put(WEIGHTS + "/gone",
                new Entry.File("0644", new Cell.Value(ValueClass.DETERMINISTIC, "1\n"))));
        assertThat(split.check(relabelled(withGone, "6.12.117+deb12-amd64"), Optional.empty()).undocumented())
                .doesNotContain(WEIGHTS + "/gone");
        assertThat(split.check(relabelled(withGone, "6.13.1-amd64"), Optional.empty()).undocumented())
                .contains(WEIGHTS + "/gone");
        // Without a kernel release every entry applies, as before.
        assertThat(split.check(relabelled(withGone, "unknown"), Optional.empty()).undocumented()).doesNotContain(WEIGHTS + "/gone");
    }

    @Test
    void anEndedEntrysGrammarNoLongerJudgesThePathAfterItsUntil(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("attributes.yaml");
        Files.writeString(file, """
                attributes:
                  - {path: /sys/devices/system/node/node<N>/distance, class: config, stability: stable, grammar: integer, since: "2.6", until: "6.13"}
                  - {path: /sys/devices/system/node/node<N>/distance, class: config, stability: stable, grammar: distance-row, since: "6.13"}
                """);
        ConformanceChecker checker = new ConformanceChecker(AbiSpec.load(file));
        assertThat(checker.check(relabelled(captured(), "6.12.117+deb12-amd64"), Optional.empty()).violations())
                .extracting(Violation::rule).contains(ViolationRule.GRAMMAR);
        assertThat(checker.check(relabelled(captured(), "6.13.1-amd64"), Optional.empty()).violations())
                .extracting(Violation::rule).doesNotContain(ViolationRule.GRAMMAR);
    }

    private static Snapshot mutated(Consumer<SortedMap<String, Entry>> change) {
        Snapshot snapshot = captured();
        SortedMap<String, Entry> sysfs = new TreeMap<>(snapshot.sysfs());
        change.accept(sysfs);
        return new Snapshot(snapshot.schema(), snapshot.kernel(), snapshot.topology(), sysfs, snapshot.procfs(), snapshot.syscalls());
    }

    static Snapshot captured() {
        try {
            return SnapshotFiles.read(Path.of(ConformanceCheckerTest.class.getResource("two-socket-hbm-6.12.json").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
