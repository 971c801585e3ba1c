package org.hmsabi.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hmsabi.Workspace;
import org.hmsabi.diff.Waivers;
import org.hmsabi.topology.Topology;
import org.hmsabi.topology.TopologyLoader;

/** The inputs several commands read the same way: the topologies asked for, and the waivers. */
final class CliInputs {
    static final String WAIVERS = "fixtures/waivers.yaml";

    private CliInputs() {
    }

    /** The named (or given) topologies, or every shipped fixture when none is named; each validated. */
    static List<Topology> topologies(Workspace workspace, List<String> names) {
        List<String> wanted = names.isEmpty() ? TopologyLoader.names(workspace.topologiesDir()) : names;
        List<Topology> topologies = new ArrayList<>();
        for (String name : wanted) {
            topologies.add(TopologyLoader.load(name, workspace.topologiesDir()));
        }
        return topologies;
    }

    /** {@code --waivers FILE}, else the repository's fixtures/waivers.yaml when it exists, else none. */
    static Waivers waivers(Workspace workspace, Path given) {
        Path file = given != null ? given : workspace.root().resolve(WAIVERS);
        if (given == null && !Files.exists(file)) {
            return Waivers.none();
        }
        return Waivers.load(file);
    }

    /** The hot-plug suite's waivers (fixtures/hotplug-waivers.yaml); none outside a full checkout. */
    static Waivers hotPlugWaivers(Workspace workspace) {
        return Files.exists(workspace.hotPlugWaivers()) ? Waivers.load(workspace.hotPlugWaivers()) : Waivers.none();
    }

    /** The one line on stderr for a spelling that still works but is deprecated. */
    static void deprecated(java.io.PrintWriter err, String old, String replacement) {
        err.println("hmsabi: " + old + " is deprecated; use " + replacement);
        err.flush();
    }
}
