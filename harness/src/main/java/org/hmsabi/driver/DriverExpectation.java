package org.hmsabi.driver;

import java.util.List;
import java.util.OptionalInt;

/**
 * What a vendor promises about the memory its modules add, as an expect file states it.
 *
 * @param source    the file it was read from, for messages
 * @param nodeCount how many new memory nodes the modules add, if stated
 * @param nodes     promises about individual new nodes
 */
public record DriverExpectation(String source, OptionalInt nodeCount, List<ExpectedNode> nodes) {

    public DriverExpectation {
        nodes = List.copyOf(nodes);
    }

    /** No promises beyond "at least one new memory node": what a run without --expect checks. */
    public static DriverExpectation none() {
        return new DriverExpectation("(no --expect)", OptionalInt.empty(), List.of());
    }
}
