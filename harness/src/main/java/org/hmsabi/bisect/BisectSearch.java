package org.hmsabi.bisect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.hmsabi.BadInputException;

/**
 * Binary search for the first kernel of an ordered list that differs from the first one. The
 * first kernel is good by definition, the last must be bad; an untestable kernel is never
 * guessed: the search moves to its nearest testable neighbour and reports it. The final pair is
 * re-checked so that one flaky result cannot name the wrong culprit.
 */
public final class BisectSearch {
    private final KernelTester tester;
    private final int runs;
    private final Consumer<String> progress;
    private final Clock clock;

    public BisectSearch(KernelTester tester, int runs, Consumer<String> progress, Clock clock) {
        if (runs < 1) {
            throw new BadInputException("--runs " + runs + ": give at least 1");
        }
        this.tester = tester;
        this.runs = runs;
        this.progress = progress;
        this.clock = clock;
    }

    public BisectResult run(List<String> kernels) {
        if (kernels.size() < 2) {
            throw new BadInputException("bisect needs at least two kernels, got " + kernels.size());
        }
        return new Run(List.copyOf(kernels)).search();
    }

    /** The state of one search: what was checked, what was skipped, the time it took. */
    private final class Run {
        private final List<String> kernels;
        private final List<Check> checks = new ArrayList<>();
        private final List<Check> skipped = new ArrayList<>();
        private final Set<Integer> untestable = new TreeSet<>();
        private final Instant started = clock.instant();
        private double lowestConfidence = 1.0;

        Run(List<String> kernels) {
            this.kernels = kernels;
        }

        BisectResult search() {
            String first = kernels.get(0);
            progress.accept("bisect: capturing " + first + " (kernel 1 of " + kernels.size() + "), the reference");
            if (tester.baseline(first) instanceof Observation.Untestable untestableFirst) {
                return new BisectResult.EndUntestable(first, untestableFirst.reason(), checks, skipped);
            }
            int last = kernels.size() - 1;
            Check lastCheck = check(last);
            if (lastCheck.verdict() instanceof Observation.Untestable untestableLast) {
                return new BisectResult.EndUntestable(kernels.get(last), untestableLast.reason(), checks, skipped);
            }
            if (lastCheck.verdict() instanceof Observation.Good) {
                return new BisectResult.NoChange(first, kernels.get(last), checks, skipped);
            }
            int good = 0;
            int bad = last;
            while (true) {
                int next = nextToTest(good, bad);
                if (next < 0) {
                    break;
                }
                Check check = check(next);
                if (check.verdict() instanceof Observation.Good) {
                    good = next;
                } else if (check.verdict() instanceof Observation.Bad) {
                    bad = next;
                } else {
                    untestable.add(next);
                    skipped.add(check);
                }
            }
            return recheck(good, bad);
        }

        /** The middle of (good, bad), or its nearest testable neighbour; -1 when only untestable kernels are left between. */
        private int nextToTest(int good, int bad) {
            int middle = (good + bad) / 2;
            for (int offset = 0; offset < bad - good; offset++) {
                for (int candidate : new int[] {middle + offset, middle - offset}) {
                    if (candidate > good && candidate < bad && !untestable.contains(candidate)) {
                        return candidate;
                    }
                }
            }
            return -1;
        }

        private BisectResult recheck(int good, int bad) {
            Check goodAgain = check(good);
            Check badAgain = check(bad);
            String lastGood = kernels.get(good);
            String culprit = kernels.get(bad);
            if (!(goodAgain.verdict() instanceof Observation.Good)) {
                return new BisectResult.RecheckDisagrees(lastGood, culprit,
                        lastGood + " was good in the search but " + goodAgain.verdict().word() + " when re-checked", checks, skipped);
            }
            if (!(badAgain.verdict() instanceof Observation.Bad confirmed)) {
                return new BisectResult.RecheckDisagrees(lastGood, culprit,
                        culprit + " was bad in the search but " + badAgain.verdict().word() + " when re-checked"
                                + " (no difference from " + lastGood + " in the chosen finding)", checks, skipped);
            }
            return new BisectResult.FirstBad(lastGood, culprit, confirmed.finding(), lowestConfidence,
                    kernels.subList(good + 1, bad), checks, skipped);
        }

        private Check check(int index) {
            String reference = kernels.get(index);
            Duration elapsed = Duration.between(started, clock.instant());
            int step = checks.size() + 1;
            int estimated = ProgressLine.estimatedSteps(kernels.size());
            Duration perStep = checks.isEmpty() ? Duration.ZERO : elapsed.dividedBy(checks.size());
            progress.accept(new ProgressLine(step, estimated, reference, index + 1, kernels.size(), elapsed,
                    perStep.multipliedBy(Math.max(0, estimated - step + 1))).render());
            List<Observation> observations = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                Observation observation = tester.compare(reference);
                observations.add(observation);
                if (observation instanceof Observation.Untestable && run == 0) {
                    break;  // a kernel that cannot boot once will not boot on the next try either; don't pay for it N times
                }
            }
            Check check = Check.of(index, reference, observations);
            checks.add(check);
            if (!(check.verdict() instanceof Observation.Untestable)) {
                lowestConfidence = Math.min(lowestConfidence, check.confidence());
            }
            progress.accept(String.format("bisect: %s is %s (%d of %d runs agree)", reference, check.verdict().word(),
                    check.agreeing(), check.runs())
                    + (check.verdict() instanceof Observation.Untestable failed ? ": " + failed.reason() + "; skipped" : ""));
            return check;
        }
    }
}
