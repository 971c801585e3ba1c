package org.hmsabi.kernel;

import java.util.Objects;

/** The gate's default kernels: the baseline it compares against and the candidate it checks. */
public record KernelPair(KernelPin baseline, KernelPin candidate) {
    public KernelPair {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
    }
}
