package org.hmsabi.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the repository's fixtures are, for tests; surefire passes the repository root. */
public final class ShippedFixtures {

    /** The fixtures the project requires; the tests fail if one goes missing. */
    public static final List<String> NAMES =
            List.of("single-node", "two-socket", "two-socket-hbm", "cxl-far-memory", "device-memory", "hms-4s32g",
                    "gpu-generic-initiator", "cxl-expander", "cxl-interleave");

    private ShippedFixtures() {
    }

    public static Path directory() {
        String repo = System.getProperty("hmsabi.repo");
        if (repo != null && Files.isDirectory(Path.of(repo, "fixtures", "topologies"))) {
            return Path.of(repo, "fixtures", "topologies");
        }
        // Running from an IDE without surefire's property: look upwards from the working directory.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("fixtures/topologies"))) {
                return dir.resolve("fixtures/topologies");
            }
        }
        throw new IllegalStateException("cannot find fixtures/topologies above " + Path.of("").toAbsolutePath());
    }

    public static Topology load(String name) {
        return TopologyLoader.load(name, directory());
    }
}
