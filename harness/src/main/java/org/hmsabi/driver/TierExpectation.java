package org.hmsabi.driver;

/** What an expect file says about a new node's memory tier. */
public sealed interface TierExpectation {

    /** The node is in {@code memory_tier<number>}. Tier numbers follow abstract distances and differ between kernels. */
    record Exactly(int number) implements TierExpectation {
    }

    /** The node is in a tier numbered above every tier of a node with CPUs: slower memory, demotion target. */
    record SlowerThanCpuNodes() implements TierExpectation {
    }
}
