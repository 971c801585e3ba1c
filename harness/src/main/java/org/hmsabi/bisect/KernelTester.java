package org.hmsabi.bisect;

/**
 * Tests kernels for the bisect. The first kernel of a range is the reference: it is captured
 * with {@link #baseline}, and every later {@link #compare} says whether a kernel differs from it.
 * The real one boots guests ({@link SnapshotTester}); unit tests use a fake.
 */
public interface KernelTester {

    /** Captures the reference kernel: {@link Observation.Good} or {@link Observation.Untestable}. */
    Observation baseline(String reference);

    /** Captures {@code reference} and compares it with the baseline. */
    Observation compare(String reference);
}
