package org.hmsabi.bisect;

import java.util.List;

/**
 * One kernel checked {@code runs} times: the verdict most runs agreed on and how many did.
 * A tie between good and bad is no verdict at all, so it counts as untestable ("flaky").
 */
public record Check(int index, String reference, Observation verdict, int agreeing, int runs) {

    public double confidence() {
        return runs == 0 ? 0 : (double) agreeing / runs;
    }

    /** The majority of {@code observations}; untestable only when no run was testable or good and bad tie. */
    static Check of(int index, String reference, List<Observation> observations) {
        List<Observation> bad = observations.stream().filter(o -> o instanceof Observation.Bad).toList();
        long good = observations.stream().filter(o -> o instanceof Observation.Good).count();
        int runs = observations.size();
        if (bad.isEmpty() && good == 0) {
            return new Check(index, reference, observations.get(0), runs, runs);
        }
        if (bad.size() > good) {
            return new Check(index, reference, bad.get(0), bad.size(), runs);
        }
        if (good > bad.size()) {
            return new Check(index, reference, new Observation.Good(), (int) good, runs);
        }
        return new Check(index, reference,
                new Observation.Untestable("flaky: " + bad.size() + " of " + runs + " runs bad, " + good + " good"), 0, runs);
    }
}
