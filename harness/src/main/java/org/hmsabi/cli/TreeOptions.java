package org.hmsabi.cli;

import java.nio.file.Path;
import org.hmsabi.model.Snapshot;
import org.hmsabi.capture.TreeReader;
import org.hmsabi.spec.AbiSpec;
import picocli.CommandLine.Option;

/** The {@code --root DIR} option of the offline commands, and reading the tree it names. */
final class TreeOptions {
    @Option(names = "--root", required = true, paramLabel = "DIR",
            description = "a captured tree: DIR/sys/... (and optionally DIR/proc/...) as on a live system; links resolve inside DIR only")
    Path root;

    Snapshot read() {
        return new TreeReader(AbiSpec.bundled()).read(root);
    }
}
