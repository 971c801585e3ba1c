package org.hmsabi.cli;

import org.hmsabi.Workspace;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;
import picocli.CommandLine.Option;

/**
 * {@code --topology NAME|FILE} of the commands that boot one machine (snapshot, bisect,
 * bisect-step, bench, validate-driver): default {@value #DEFAULT}; validate-driver's default is
 * the fixture its example driver's memory needs (given by the command's default provider).
 */
final class TopologyOption {
    static final String DEFAULT = "two-socket-hbm";

    @Option(names = "--topology", paramLabel = "NAME|FILE", defaultValue = DEFAULT,
            description = "the machine to boot: a fixture name (fixtures/topologies/NAME.yaml) or a topology file"
                    + " (default: ${DEFAULT-VALUE})")
    String name;

    Topology load(Workspace workspace) {
        return TopologyLoader.load(name, workspace.topologiesDir());
    }
}
