package org.hmsabi.topology;

import org.hmsabi.BadInputException;

import java.util.List;

/**
 * Checks a topology against what QEMU 7.2 and the guest kernel accept, before QEMU starts, so
 * that a bad fixture fails with one line naming the file, the node or entry, and the fix.
 * {@link TopologyLoader} runs it on every fixture; code that builds topologies (generators,
 * shrinkers) runs it on theirs. The rules and their sources are listed in
 * fixtures/topologies/README.md.
 */
public final class TopologyValidator {

    private TopologyValidator() {
    }

    /** Every problem, one line each without the file name, in a fixed order; empty when valid. */
    public static List<String> problems(Topology topology) {
        Problems problems = new Problems();
        check(topology, problems);
        return problems.list();
    }

    /**
     * Throws a {@link BadInputException} naming {@code source} and the first problem if the
     * topology is invalid.
     */
    public static void requireValid(Topology topology, String source) throws BadInputException {
        Problems problems = new Problems();
        check(topology, problems);
        problems.throwIfAny(source);
    }

    static void check(Topology topology, Problems problems) {
        // First: a malformed generic initiator is what makes its node look empty or its HMAT incomplete.
        GenericInitiatorRules.check(topology, problems);
        CxlRules.check(topology, problems); // likewise a misplaced generic port
        if (!NodeRules.check(topology, problems)) {
            return;
        }
        DistanceRules.check(topology, problems);
        HmatRules.check(topology, problems);
        CacheRules.check(topology, problems);
        HotPlugRules.check(topology, problems);
    }
}
