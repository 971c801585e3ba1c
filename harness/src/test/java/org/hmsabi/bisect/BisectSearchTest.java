package org.hmsabi.bisect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.hmsabi.BadInputException;
import org.hmsabi.diff.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BisectSearchTest {
    private final List<String> progress = new ArrayList<>();

    private BisectResult bisect(FakeTester tester, int kernels, int runs) {
        return new BisectSearch(tester, runs, progress::add, Clock.systemUTC()).run(FakeTester.names(kernels));
    }

    @ParameterizedTest
    @CsvSource({"2,1", "3,1", "3,2", "10,1", "10,5", "10,9", "17,8", "33,32", "100,37"})
    void findsAMonotoneChangePointAnywhere(int kernels, int firstBad) {
        BisectResult result = bisect(FakeTester.changingAt(kernels, firstBad), kernels, 1);

        assertThat(result).isInstanceOf(BisectResult.FirstBad.class);
        BisectResult.FirstBad found = (BisectResult.FirstBad) result;
        assertThat(found.firstBad()).isEqualTo("k" + firstBad);
        assertThat(found.lastGood()).isEqualTo("k" + (firstBad - 1));
        assertThat(found.finding()).isEqualTo(FakeTester.WEIGHTED);
        assertThat(found.confidence()).isEqualTo(1.0);
        // the last kernel, ~log2 of the rest, and the re-checked pair
        assertThat(found.checks().size()).isLessThanOrEqualTo(ProgressLine.estimatedSteps(kernels));
        assertThat(BisectReport.render(result)).contains("first bad k" + firstBad + ", last good k" + (firstBad - 1));
    }

    @Test
    void lastKernelLikeTheFirstIsNoChange() {
        BisectResult result = bisect(FakeTester.changingAt(5, 99), 5, 1);

        assertThat(result).isInstanceOf(BisectResult.NoChange.class);
        assertThat(result.checks()).hasSize(1);
        assertThat(BisectReport.exitCode(result)).isZero();
        assertThat(BisectReport.render(result)).startsWith("no change in range");
    }

    @Test
    void untestableKernelsInTheMiddleAreSkippedAndReportedNotGuessed() {
        FakeTester tester = FakeTester.changingAt(9, 7);
        tester.answer("k4", new Observation.Untestable("does not boot"));
        tester.answer("k5", new Observation.Untestable("download failed"));

        BisectResult result = bisect(tester, 9, 1);

        assertThat(result).isInstanceOf(BisectResult.FirstBad.class);
        assertThat(((BisectResult.FirstBad) result).firstBad()).isEqualTo("k7");
        assertThat(result.skipped()).extracting(Check::reference).containsAnyOf("k4", "k5");
        assertThat(((BisectResult.FirstBad) result).untestableBetween()).isEmpty();
        assertThat(BisectReport.render(result)).contains("skipped (untestable)").contains("does not boot");
    }

    @Test
    void anUntestableKernelNextToTheChangeIsNamedAsPossible() {
        FakeTester tester = FakeTester.changingAt(5, 3);
        tester.answer("k2", new Observation.Untestable("kernel panic"));

        BisectResult result = bisect(tester, 5, 1);

        // k1 good, k3 bad, k2 unknown: k3 is the first testable bad, and the report says k2 may hold the change
        assertThat(result).isInstanceOf(BisectResult.FirstBad.class);
        BisectResult.FirstBad open = (BisectResult.FirstBad) result;
        assertThat(open.lastGood()).isEqualTo("k1");
        assertThat(open.firstBad()).isEqualTo("k3");
        assertThat(open.untestableBetween()).containsExactly("k2");
        assertThat(BisectReport.render(result)).contains("the change may also lie in the untestable k2 between them");
    }

    @Test
    void untestableEndsStopTheSearch() {
        FakeTester first = FakeTester.changingAt(4, 2).answer("k0", new Observation.Untestable("download failed"));
        BisectResult noStart = bisect(first, 4, 1);
        assertThat(noStart).isInstanceOf(BisectResult.EndUntestable.class);
        assertThat(((BisectResult.EndUntestable) noStart).reference()).isEqualTo("k0");
        assertThat(first.compared).isEmpty();

        FakeTester last = FakeTester.changingAt(4, 2).answer("k3", new Observation.Untestable("hang"));
        BisectResult noEnd = bisect(last, 4, 3);
        assertThat(noEnd).isInstanceOf(BisectResult.EndUntestable.class);
        assertThat(((BisectResult.EndUntestable) noEnd).reason()).isEqualTo("hang");
        assertThat(BisectReport.exitCode(noEnd)).isEqualTo(3);
        assertThat(last.compared).as("an untestable kernel is not retried --runs times").containsExactly("k3");
    }

    @Test
    void flakyStepsReportTheirConfidence() {
        FakeTester tester = FakeTester.changingAt(5, 2);
        Observation bad = new Observation.Bad(FakeTester.WEIGHTED);
        // k2 is bad in 2 of 3 runs during the search, then reliably bad
        tester.answer("k2", bad, new Observation.Good(), bad, bad);

        BisectResult result = bisect(tester, 5, 3);

        assertThat(result).isInstanceOf(BisectResult.FirstBad.class);
        assertThat(((BisectResult.FirstBad) result).firstBad()).isEqualTo("k2");
        assertThat(((BisectResult.FirstBad) result).confidence()).isEqualTo(2.0 / 3);
        assertThat(BisectReport.render(result)).contains("confidence: 0.67").contains("k2: bad (2 of 3 runs agree)");
    }

    @Test
    void aRecheckThatDisagreesNamesNoCulprit() {
        FakeTester tester = FakeTester.changingAt(5, 2);
        // bad while searching, good when the final pair is re-checked
        tester.answer("k2", new Observation.Bad(FakeTester.WEIGHTED), new Observation.Good());

        BisectResult result = bisect(tester, 5, 1);

        assertThat(result).isInstanceOf(BisectResult.RecheckDisagrees.class);
        assertThat(((BisectResult.RecheckDisagrees) result).what()).contains("k2 was bad in the search but good when re-checked");
        assertThat(BisectReport.render(result)).doesNotContain("first bad k2");
        assertThat(BisectReport.exitCode(result)).isEqualTo(1);
    }

    @Test
    void aTieBetweenGoodAndBadIsNoVerdict() {
        Check tie = Check.of(1, "k1", List.of(new Observation.Bad(FakeTester.WEIGHTED), new Observation.Good()));
        assertThat(tie.verdict()).isInstanceOf(Observation.Untestable.class);
        assertThat(((Observation.Untestable) tie.verdict()).reason()).startsWith("flaky");
    }

    @Test
    void progressSaysStepKernelAndTime() {
        bisect(FakeTester.changingAt(16, 9), 16, 1);
        assertThat(progress).anySatisfy(line -> assertThat(line)
                .matches("bisect: step 2 of ~\\d+: testing k\\d+ \\(kernel \\d+ of 16\\), elapsed \\d+s, estimated remaining \\d+s"));
    }

    @Test
    void fewerThanTwoKernelsOrNoRunsIsBadInput() {
        assertThatThrownBy(() -> bisect(FakeTester.changingAt(1, 0), 1, 1)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> bisect(FakeTester.changingAt(3, 1), 3, 0)).isInstanceOf(BadInputException.class);
    }

    @Test
    void theFindingFilterPicksBySubjectOrPathElseBySeverity() {
        Finding tier = FakeTester.finding("node 2: memory_tier", Finding.Severity.WARNING);
        Finding added = FakeTester.WEIGHTED;
        assertThat(FindingFilter.anyWarningOrFailure().firstMatch(List.of(added, tier))).contains(tier);
        assertThat(FindingFilter.containing("weighted_interleave").firstMatch(List.of(tier, added))).contains(added);
        Finding byPath = new Finding(Finding.Kind.REMOVED, Finding.Severity.INFO, added.stability(), "node 3",
                List.of("/sys/devices/system/node/node3/x"), added.baseline(), added.candidate(), added.waiver());
        assertThat(FindingFilter.containing("node3/x").matches(byPath)).isTrue();
        assertThat(FindingFilter.containing("numa_balancing").firstMatch(List.of(tier, added))).isEmpty();
    }

    @Test
    void bisectStepExitCodesAreWhatGitBisectRunExpects() {
        FakeTester tester = new FakeTester()
                .answer("good", new Observation.Good())
                .answer("bad", new Observation.Bad(FakeTester.WEIGHTED))
                .answer("broken", new Observation.Untestable("not an x86 bzImage"));
        assertThat(StepExit.of(tester.compare("good"))).isZero();
        assertThat(StepExit.of(tester.compare("bad"))).isEqualTo(1);
        assertThat(StepExit.of(tester.compare("broken"))).isEqualTo(125);
    }
}
