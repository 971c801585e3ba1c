package org.hmsabi.spec;

/**
 * The address a range call gets. Bad addresses are named, never real wild pointers: the agent
 * turns them into addresses the kernel must refuse (PROTOCOL.md).
 */
public enum MempolicyAddress {
    MAP, NULL, UNALIGNED, UNMAPPED;

    public String agentText() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
