package org.hmsabi.driver;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Promises about one node the modules add; absent values are not checked.
 *
 * @param node      the node id; empty: the n-th entry without an id is the n-th new node without a promise of its own
 * @param sizeBytes the memory the node gained: its online memory blocks times the block size
 * @param tier      its memory tier
 * @param access    access class name (access0, access1) → what that class must say
 */
public record ExpectedNode(OptionalInt node, OptionalLong sizeBytes, Optional<TierExpectation> tier,
                           Map<String, ExpectedAccess> access) {

    public ExpectedNode {
        // Sorted (access0, access1), so deviations always come out in the same order.
        access = Collections.unmodifiableSortedMap(new TreeMap<>(access));
    }
}
