package org.hmsabi.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the catalog's symbolic node names mean on a machine (spec/catalog.yaml's header lists them).
 * The meanings are derived from the facts here; the catalog only refers to them by name.
 */
record CatalogNodes(SyscallFacts facts) {

    /** The names, in the order messages list them. */
    static final List<String> NAMES =
            List.of("cpu-node", "memory-only-node", "target", "offline-node", "beyond-max-numnodes", "all-memory-nodes");

    /** The modes that place pages, for {@code deterministic: one-node}. */
    static final Set<MempolicyMode> PLACING_MODES =
            Set.of(MempolicyMode.BIND, MempolicyMode.PREFERRED, MempolicyMode.INTERLEAVE,
                    MempolicyMode.PREFERRED_MANY, MempolicyMode.WEIGHTED_INTERLEAVE);

    /** The nodes a name stands for; empty when the machine has no such node (memory-only-node on one memory node). */
    Optional<List<Integer>> resolve(String name) {
        return switch (name) {
            case "cpu-node" -> Optional.of(List.of(cpuNode()));
            case "memory-only-node" -> memoryOnlyNode().map(List::of);
            case "target" -> Optional.of(List.of(memoryOnlyNode().orElse(cpuNode())));
            case "offline-node" -> Optional.of(List.of(offlineNode()));
            case "beyond-max-numnodes" -> Optional.of(List.of(SyscallFacts.MAX_NUMNODES));
            case "all-memory-nodes" -> Optional.of(List.copyOf(facts.memoryNodes()));
            default -> throw new IllegalArgumentException("unknown node '" + name + "'; nodes: " + String.join(", ", NAMES));
        };
    }

    /**
     * A node list: {@code empty}, {@code null} (a NULL pointer) or names joined by commas; empty
     * when a name has no node on this machine.
     */
    Optional<MempolicyNodeMask> list(String text) {
        if (text.equals("empty") || text.isEmpty()) {
            return Optional.of(MempolicyNodeMask.EMPTY);
        }
        if (text.equals("null")) {
            return Optional.of(MempolicyNodeMask.NULL);
        }
        if (text.equals("bad-address")) {
            return Optional.of(MempolicyNodeMask.BAD);
        }
        List<Integer> nodes = new ArrayList<>();
        for (String name : text.split(",", -1)) {
            Optional<List<Integer>> resolved = resolve(name.strip());
            if (resolved.isEmpty()) {
                return Optional.empty();
            }
            nodes.addAll(resolved.get());
        }
        return Optional.of(MempolicyNodeMask.of(nodes));
    }

    /** The lowest memory node: the agent runs on it. */
    int cpuNode() {
        return facts.memoryNodes().first();
    }

    /** The highest memory node when there are two or more; the facts do not know CPUs, and it is memory-only on every shipped HMS fixture. */
    Optional<Integer> memoryOnlyNode() {
        return facts.memoryNodes().size() > 1 ? Optional.of(facts.memoryNodes().last()) : Optional.empty();
    }

    /** The lowest id below MAX_NUMNODES that is not a node of the machine. */
    int offlineNode() {
        int id = 0;
        while (facts.onlineNodes().contains(id)) {
            id++;
        }
        return id;
    }
}
