package org.hmsabi.cli;

import java.nio.file.Path;
import org.hmsabi.Workspace;
import org.hmsabi.diff.Waivers;
import picocli.CommandLine.Option;

/** {@code --waivers FILE}: the accepted differences, where a command judges a diff. */
final class WaiversOption {
    @Option(names = "--waivers", paramLabel = "FILE",
            description = "accepted differences (default: the repository's fixtures/waivers.yaml)")
    Path file;

    Waivers load(Workspace workspace) {
        return CliInputs.waivers(workspace, file);
    }
}
