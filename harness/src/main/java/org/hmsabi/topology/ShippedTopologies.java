package org.hmsabi.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;

/** The names of the fixtures in a topologies directory (fixtures/topologies/NAME.yaml), sorted. */
public final class ShippedTopologies {
    private ShippedTopologies() {
    }

    public static List<String> names(Path topologiesDir) {
        try (Stream<Path> files = Files.list(topologiesDir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length())).sorted().toList();
        } catch (IOException e) {
            throw new InfrastructureException("cannot list " + topologiesDir + ": " + e.getMessage(), e);
        }
    }
}
