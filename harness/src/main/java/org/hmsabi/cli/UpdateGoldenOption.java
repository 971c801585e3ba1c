package org.hmsabi.cli;

import picocli.CommandLine.Option;

/**
 * {@code --update-golden}: the snapshots a command captures become the golden files of their
 * kernel and topology; the kernels they are taken from are booted, never read from a golden file.
 */
final class UpdateGoldenOption {
    @Option(names = "--update-golden",
            description = "write the captured snapshots as golden files (never done otherwise); every kernel they come from is booted")
    boolean updateGolden;
}
