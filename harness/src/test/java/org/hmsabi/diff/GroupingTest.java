package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hmsabi.diff.SnapshotBuilder.NODE;
import static org.hmsabi.diff.SnapshotBuilder.TIERS;

import java.util.List;
import java.util.Map;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.diff.Finding.Severity;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.Stability;
import org.junit.jupiter.api.Test;

/** Each grouping rule: related changes become one finding that lists every path it stands for. */
class GroupingTest {
    private static final String WEIGHTED = "/sys/kernel/mm/mempolicy/weighted_interleave";
    private final Snapshot baseline = SnapshotBuilder.fourNodes().build();

    private static List<Finding> diff(Snapshot before, Snapshot after) {
        return new SnapshotDiff(AbiSpec.bundled(), Waivers.none(), false).compare(before, after).findings();
    }

    @Test
    void eachNodeMovingToANewTierIsOneFindingCoveringTheTierThatAppeared() {
        Snapshot candidate = SnapshotBuilder.candidateOf(baseline)
                .file(TIERS + "memory_tier4/nodelist", "0-1\n")
                .tier("memory_tier1", "2-3\n").build();

        List<Finding> findings = diff(baseline, candidate);

        assertThat(findings).extracting(Finding::subject).containsExactly(
                "node 2: memory_tier4 → memory_tier1", "node 3: memory_tier4 → memory_tier1");
        assertThat(findings).allSatisfy(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.VALUE_CHANGED);
            assertThat(finding.stability()).isEqualTo(Stability.TESTING);
            assertThat(finding.severity()).isEqualTo(Severity.WARNING);
            assertThat(finding.baseline()).contains("memory_tier4");
            assertThat(finding.candidate()).contains("memory_tier1");
            assertThat(finding.paths()).contains(TIERS + "memory_tier4/nodelist", TIERS + "memory_tier1",
                    TIERS + "memory_tier1/nodelist", TIERS + "memory_tier1/power/runtime_active_time");
        });
    }

    @Test
    void aNodeMovingOutOfATierThatDisappearsCoversTheRemovedDirectory() {
        Snapshot before = SnapshotBuilder.from(baseline).file(TIERS + "memory_tier4/nodelist", "0-2\n")
                .tier("memory_tier22", "3\n").build();
        Snapshot after = SnapshotBuilder.candidateOf(before).file(TIERS + "memory_tier4/nodelist", "0-3\n")
                .without(TIERS + "memory_tier22").build();

        assertThat(diff(before, after)).singleElement().satisfies(finding -> {
            assertThat(finding.subject()).isEqualTo("node 3: memory_tier22 → memory_tier4");
            assertThat(finding.paths()).contains(TIERS + "memory_tier22", TIERS + "memory_tier22/uevent",
                    TIERS + "memory_tier4/nodelist");
        });
    }

    @Test
    void aTierChangeThatMovesDoNotExplainStaysVisibleOnItsOwn() {
        // node 2 moves to tier 1, and node 4 appears in tier 4 (hot-plugged): the latter is no move
        Snapshot candidate = SnapshotBuilder.candidateOf(baseline)
                .file(TIERS + "memory_tier4/nodelist", "0-1,3-4\n")
                .tier("memory_tier1", "2\n").build();

        List<Finding> findings = diff(baseline, candidate);

        assertThat(findings).extracting(Finding::subject)
                .containsExactlyInAnyOrder("node 2: memory_tier4 → memory_tier1", TIERS + "memory_tier4/nodelist");
    }

    @Test
    void anAddedDirectoryIsOneFindingListingItsPaths() {
        SnapshotBuilder candidate = SnapshotBuilder.candidateOf(baseline).dir(WEIGHTED);
        for (int node = 0; node < 4; node++) {
            candidate.file(WEIGHTED + "/node" + node, "1\n");
        }

        assertThat(diff(baseline, candidate.build())).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.ADDED);
            assertThat(finding.severity()).isEqualTo(Severity.INFO);
            assertThat(finding.subject()).isEqualTo(WEIGHTED + "/");
            // the directory has no spec rule of its own; the node files are testing ABI
            assertThat(finding.stability()).isEqualTo(Stability.TESTING);
            assertThat(finding.paths()).hasSize(5).first().isEqualTo(WEIGHTED);
        });
    }

    @Test
    void aRemovedDirectoryIsOneRemovalAsSevereAsItsMostBindingPath() {
        Snapshot after = SnapshotBuilder.candidateOf(baseline).without(TIERS + "memory_tier4").build();

        assertThat(diff(baseline, after)).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.REMOVED);
            assertThat(finding.subject()).isEqualTo(TIERS + "memory_tier4/");
            // testing ABI "will not break": a removal fails like a stable one
            assertThat(finding.severity()).isEqualTo(Severity.FAILURE);
            assertThat(finding.paths()).hasSize(5);
        });
    }

    @Test
    void theSameNewFileOnEveryNodeIsOneFinding() {
        SnapshotBuilder candidate = SnapshotBuilder.candidateOf(baseline);
        for (int node = 0; node < 4; node++) {
            candidate.file(NODE + "node" + node + "/foo", "0\n");
        }

        assertThat(diff(baseline, candidate.build())).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Kind.ADDED);
            assertThat(finding.subject()).isEqualTo(NODE + "node<N>/foo on nodes 0-3");
            assertThat(finding.candidate()).contains("0\n");
            assertThat(finding.paths()).hasSize(4);
        });
    }

    @Test
    void aValueChangingOnEveryNodeIsOneFindingThatSaysTheValuesDiffer() {
        SnapshotBuilder candidate = SnapshotBuilder.candidateOf(baseline);
        for (int node = 0; node < 4; node++) {
            candidate.file(NODE + "node" + node + "/distance", "10 3" + node + " 20 20\n");
        }

        assertThat(diff(baseline, candidate.build())).singleElement().satisfies(finding -> {
            assertThat(finding.subject()).isEqualTo(NODE + "node<N>/distance on nodes 0-3 (values differ by node)");
            assertThat(finding.baseline()).contains("10 20 20 20\n");
            assertThat(finding.candidate()).isEmpty();
            assertThat(finding.severity()).isEqualTo(Severity.FAILURE);
        });
    }

    @Test
    void rowsATableGainedAreOneFindingNamingThem() {
        Snapshot after = SnapshotBuilder.candidateOf(baseline).procfs("/proc/vmstat", SnapshotBuilder.table(Map.of(
                "nr_free_pages", Cell.volatileOf("1"), "swpin_zero", Cell.volatileOf("0"), "zswpwb", Cell.volatileOf("0")))).build();

        assertThat(diff(baseline, after)).singleElement().satisfies(finding -> {
            assertThat(finding.subject()).isEqualTo("rows of /proc/vmstat");
            assertThat(finding.candidate()).contains("swpin_zero, zswpwb");
            assertThat(finding.paths()).containsExactly("/proc/vmstat#swpin_zero", "/proc/vmstat#zswpwb");
        });
    }

    @Test
    void theSameRowsOnEveryNodeAreOneFinding() {
        SnapshotBuilder candidate = SnapshotBuilder.candidateOf(baseline);
        for (int node = 0; node < 4; node++) {
            candidate.table(NODE + "node" + node + "/vmstat", Map.of("nr_free_pages", Cell.volatileOf("9"),
                    "pgdemote_direct", Cell.volatileOf("0"), "pgdemote_kswapd", Cell.volatileOf("0")));
        }

        assertThat(diff(baseline, candidate.build())).singleElement().satisfies(finding -> {
            assertThat(finding.subject()).isEqualTo("rows of " + NODE + "node<N>/vmstat on nodes 0-3");
            assertThat(finding.paths()).hasSize(8);
        });
    }

    @Test
    void unrelatedChangesStaySeparate() {
        Snapshot after = SnapshotBuilder.candidateOf(baseline)
                .file(NODE + "node0/distance", "10 21 20 20\n")
                .file(NODE + "node1/cpulist", "1-2\n").build();

        assertThat(diff(baseline, after)).hasSize(2);
    }
}
