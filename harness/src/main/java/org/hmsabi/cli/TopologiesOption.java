package org.hmsabi.cli;

import java.util.ArrayList;
import java.util.List;
import org.hmsabi.Workspace;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;
import picocli.CommandLine.Option;

/**
 * {@code --topology NAME|FILE}, repeatable, of the commands that run over the fixtures (check,
 * gate, history): none named means every shipped fixture.
 */
final class TopologiesOption {
    static final String DESCRIPTION = "a fixture name (fixtures/topologies/NAME.yaml) or a topology file; repeatable"
            + " (default: every shipped fixture)";

    @Option(names = "--topology", paramLabel = "NAME|FILE", description = DESCRIPTION)
    List<String> names = new ArrayList<>();

    /** The names asked for, or every shipped fixture's. */
    List<String> names(Workspace workspace) {
        return names.isEmpty() ? TopologyLoader.names(workspace.topologiesDir()) : names;
    }

    /** Whether fixtures were named (else every shipped fixture is meant). */
    boolean named() {
        return !names.isEmpty();
    }

    /** Every topology asked for, loaded and so validated (before any guest boots). */
    List<Topology> load(Workspace workspace) {
        return CliInputs.topologies(workspace, names);
    }
}
