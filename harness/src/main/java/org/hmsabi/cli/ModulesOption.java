package org.hmsabi.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --modules DIR}: the modules of a bzImage kernel reference. */
final class ModulesOption {
    @Option(names = "--modules", paramLabel = "DIR",
            description = "the modules of a bzImage kernel: its lib/modules/<release>, or an INSTALL_MOD_PATH root")
    Path modules;

    Optional<Path> get() {
        return Optional.ofNullable(modules);
    }
}
