package org.hmsabi.cli;

import java.util.concurrent.Callable;
import org.hmsabi.BadInputException;
import org.hmsabi.model.SnapshotView;
import org.hmsabi.topology.ObservedTopology;
import org.hmsabi.topology.ObservedTopologyJson;
import org.hmsabi.topology.ObservedTopologyReader;
import org.hmsabi.topology.ObservedTopologySvg;
import org.hmsabi.topology.ObservedTopologyText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hmsabi topology --root DIR}: the heterogeneous topology a captured tree describes. */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Print the topology a captured tree describes: nodes, CPUs, memory, distances, access classes, caches, tiers.")
final class TopologyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TreeOptions tree;

    @Option(names = "--format", paramLabel = "json|text|svg", defaultValue = "json", description = "output format (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
        if (!format.matches("json|text|svg")) {
            throw new BadInputException("--format " + format + ": use json, text or svg");
        }
        ObservedTopology topology = ObservedTopologyReader.read(new SnapshotView(tree.read()));
        if (topology.nodes().isEmpty()) {
            throw new BadInputException(tree.root + ": no sys/devices/system/node/nodeN directories; is this a captured tree?");
        }
        String rendered = switch (format) {
            case "text" -> ObservedTopologyText.render(topology);
            case "svg" -> ObservedTopologySvg.render(topology);
            default -> ObservedTopologyJson.render(topology);
        };
        spec.commandLine().getOut().print(rendered);
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
