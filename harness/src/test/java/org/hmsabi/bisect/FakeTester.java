package org.hmsabi.bisect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hmsabi.diff.Finding;
import org.hmsabi.spec.Stability;

/** A tester whose kernels answer from a script: per reference, a queue of observations (the last one repeats). */
final class FakeTester implements KernelTester {
    static final Finding WEIGHTED = finding("/sys/kernel/mm/mempolicy/weighted_interleave/", Finding.Severity.INFO);

    private final Map<String, Deque<Observation>> script = new HashMap<>();
    final List<String> compared = new ArrayList<>();

    static Finding finding(String subject, Finding.Severity severity) {
        return new Finding(Finding.Kind.ADDED, severity, Stability.TESTING, subject, List.of(subject), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Kernels k0..k(n-1): bad from {@code firstBad} on. */
    static FakeTester changingAt(int kernels, int firstBad) {
        FakeTester tester = new FakeTester();
        for (int i = 0; i < kernels; i++) {
            tester.answer("k" + i, i >= firstBad ? new Observation.Bad(WEIGHTED) : new Observation.Good());
        }
        return tester;
    }

    static List<String> names(int kernels) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < kernels; i++) {
            names.add("k" + i);
        }
        return names;
    }

    FakeTester answer(String reference, Observation... observations) {
        script.put(reference, new ArrayDeque<>(List.of(observations)));
        return this;
    }

    @Override
    public Observation baseline(String reference) {
        Observation first = script.get(reference).peek();
        return first instanceof Observation.Untestable ? first : new Observation.Good();
    }

    @Override
    public Observation compare(String reference) {
        compared.add(reference);
        Deque<Observation> queue = script.get(reference);
        return queue.size() > 1 ? queue.poll() : queue.peek();
    }
}
