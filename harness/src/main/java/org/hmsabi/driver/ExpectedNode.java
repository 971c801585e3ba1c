package org.hmsabi.driver;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

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
        access = Map.copyOf(access);
    }
}
