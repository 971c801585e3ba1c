package org.hmsabi.history;

import java.util.List;
import org.hmsabi.gate.RunMatrix;

/**
 * What a history run found, for its reports and for {@code hmsabi report merge} of history shards:
 * the command that reproduces the whole run, the matrix it was cut from (its cells are fixtures; a
 * fixture's {@code <fixture>.after-region} history belongs to the fixture's cell) and its shard, the
 * histories in the run's order, and what could not be had or booted.
 *
 * @param command   the whole run's command line (without {@code --shard})
 * @param strict    whether testing-ABI changes fail
 * @param histories one per topology (and CXL region), in the matrix's order
 * @param skipped   one line per kernel and topology that could not be had or booted, sorted (so the
 *                  merged shards of a history list them as the unsharded run does)
 */
public record HistoryOutcome(String command, boolean strict, RunMatrix matrix, List<AbiHistory> histories, List<String> skipped) {
    public HistoryOutcome {
        histories = List.copyOf(histories);
        skipped = skipped.stream().sorted().toList();
    }

    /** 0, or 3 when anything could not be had or booted. */
    public int exitCode() {
        return skipped.isEmpty() ? 0 : 3;
    }
}
