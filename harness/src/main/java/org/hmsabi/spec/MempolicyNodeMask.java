package org.hmsabi.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A node list as a case passes it: a mask of node ids, or a NULL pointer. For move_pages the
 * list is per page (in page order, cycled), so order and repeats are kept. {@link #BAD} is a
 * pointer to an address nothing is mapped at (the agent's named bad address), which the kernel
 * must refuse with EFAULT when it reads or writes the mask.
 */
public record MempolicyNodeMask(boolean isNull, List<Integer> nodes, boolean isBad) {

    public static final MempolicyNodeMask NULL = new MempolicyNodeMask(true, List.of());
    public static final MempolicyNodeMask EMPTY = new MempolicyNodeMask(false, List.of());
    public static final MempolicyNodeMask BAD = new MempolicyNodeMask(false, List.of(), true);

    public MempolicyNodeMask(boolean isNull, List<Integer> nodes) {
        this(isNull, nodes, false);
    }

    public MempolicyNodeMask {
        nodes = List.copyOf(nodes);
        if (isBad && (isNull || !nodes.isEmpty())) {
            throw new IllegalArgumentException("a bad mask address has no nodes and is not NULL");
        }
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

    /** The agent's form: {@code null}, {@code bad}, empty, or {@code 0,2}. */
    public String agentText() {
        return isNull ? "null" : isBad ? "bad" : nodes.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return isNull ? "NULL" : isBad ? "BAD" : "[" + agentText() + "]";
    }
}
