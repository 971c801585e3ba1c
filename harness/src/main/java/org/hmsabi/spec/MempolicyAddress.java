package org.hmsabi.spec;

import java.util.List;

/**
 * The address a range call gets. Bad addresses are named, never real wild pointers: the agent
 * turns them into addresses the kernel must refuse (PROTOCOL.md). {@code ALIAS} is a second
 * shared mapping of a file-backed range: the prelude's range policy goes to the first mapping,
 * the call, the touch and the placement to the second.
 */
public enum MempolicyAddress {
    MAP, NULL, UNALIGNED, UNMAPPED, ALIAS;

    /** The addresses any range can be given: every one but the second mapping, which needs a file. */
    public static final List<MempolicyAddress> ANY_BACKING = List.of(MAP, NULL, UNALIGNED, UNMAPPED);

    public String agentText() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
