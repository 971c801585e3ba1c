package org.hmsabi.cli;

import org.hmsabi.BadInputException;
import picocli.CommandLine.Option;

/** {@code --parallel N}: how many guests boot at a time. */
final class ParallelOption {
    @Option(names = "--parallel", paramLabel = "N", defaultValue = "2", description = "guests at a time (default: ${DEFAULT-VALUE})")
    int parallel;

    int get() {
        if (parallel < 1) {
            throw new BadInputException("--parallel " + parallel + ": give at least 1");
        }
        return parallel;
    }
}
