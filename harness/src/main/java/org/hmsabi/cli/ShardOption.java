package org.hmsabi.cli;

import org.hmsabi.Shard;
import picocli.CommandLine.Option;

/**
 * {@code --shard I/N}: do only part I of N of the run's (kernels, fixture) matrix, split the same
 * way on every machine and balanced by each fixture's expected cost; {@code hmsabi report merge}
 * makes the shards' results one run's (docs/gate.md, "Shards").
 */
final class ShardOption {
    static final String DESCRIPTION = "do only part I of N of the (kernels, fixture) matrix, balanced by expected cost;"
            + " merge the shards' --results with 'hmsabi report merge' (default: 1/1, everything)";

    @Option(names = "--shard", paramLabel = "I/N", description = DESCRIPTION)
    String shard;

    /** The part asked for, or the whole matrix; a malformed value is bad input (exit 2). */
    Shard get() {
        return shard == null ? Shard.WHOLE : Shard.parse(shard);
    }
}
