package org.hmsabi.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A node list as a case passes it: a mask of node ids, or a NULL pointer. For move_pages the
 * list is per page (in page order, cycled), so order and repeats are kept.
 */
public record MempolicyNodeMask(boolean isNull, List<Integer> nodes) {

    public static final MempolicyNodeMask NULL = new MempolicyNodeMask(true, List.of());
    public static final MempolicyNodeMask EMPTY = new MempolicyNodeMask(false, List.of());

    public MempolicyNodeMask {
        nodes = List.copyOf(nodes);
        if (nodes.stream().anyMatch(node -> node < 0 || node >= 65536)) {
            throw new IllegalArgumentException("node ids are 0 .. 65535 (the agent's mask size): " + nodes);
        }
    }

    public static MempolicyNodeMask of(Integer... nodes) {
        return new MempolicyNodeMask(false, List.of(nodes));
    }

    public static MempolicyNodeMask of(List<Integer> nodes) {
        return new MempolicyNodeMask(false, nodes);
    }

    /** The agent's form: {@code null}, empty, or {@code 0,2}. */
    public String agentText() {
        return isNull ? "null" : nodes.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return isNull ? "NULL" : "[" + agentText() + "]";
    }
}
