package org.hmsabi.spec;

import java.util.Arrays;
import java.util.Optional;

/** The memory-policy system calls hmsabi pins down, by their kernel names. */
public enum MempolicyCall {
    MBIND("mbind", "mbind"),
    SET_MEMPOLICY("set_mempolicy", "set_mempolicy"),
    GET_MEMPOLICY("get_mempolicy", "get_mempolicy"),
    MIGRATE_PAGES("migrate_pages", "migrate_pages"),
    MOVE_PAGES("move_pages", "move_pages"),
    SET_MEMPOLICY_HOME_NODE("set_mempolicy_home_node", "home_node");

    private final String kernelName;
    private final String agentName;

    MempolicyCall(String kernelName, String agentName) {
        this.kernelName = kernelName;
        this.agentName = agentName;
    }

    /** The name in the kernel, the spec and snapshots. */
    public String kernelName() {
        return kernelName;
    }

    /** The name in the agent's {@code mempolicy} request (vm-images/agent/PROTOCOL.md). */
    public String agentName() {
        return agentName;
    }

    /** True for the calls that act on an address range. */
    public boolean takesRange() {
        return this == MBIND || this == MOVE_PAGES || this == SET_MEMPOLICY_HOME_NODE;
    }

    public static Optional<MempolicyCall> byKernelName(String name) {
        return Arrays.stream(values()).filter(call -> call.kernelName.equals(name)).findFirst();
    }
}
