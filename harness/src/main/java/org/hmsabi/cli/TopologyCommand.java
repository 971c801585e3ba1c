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
        description = "Print the topology a captured tree describes: nodes, CPUs, memory, distances, access classes, caches, tiers.",
        footer = {"", "Example:", "  hmsabi topology --root /tmp/host --format svg > /tmp/host.svg"})
final class TopologyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TreeOptions tree;

    /** The renderings of a topology. */
    enum Format { json, text, svg }

    @Option(names = "--format", paramLabel = "json|text|svg", defaultValue = "json",
            description = "JSON, one line per node (text), or a picture (svg) (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        ObservedTopology topology = ObservedTopologyReader.read(new SnapshotView(tree.read()));
        if (topology.nodes().isEmpty()) {
            throw new BadInputException(tree.root + ": no sys/devices/system/node/nodeN directories; is this a captured tree?");
        }
        String rendered = switch (format) {
            case text -> ObservedTopologyText.render(topology);
            case svg -> ObservedTopologySvg.render(topology);
            case json -> ObservedTopologyJson.render(topology);
        };
        spec.commandLine().getOut().print(rendered);
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
