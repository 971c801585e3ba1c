package org.hmsabi.cli;

import picocli.CommandLine.Option;

/** {@code --strict}: changes of testing ABI fail too, where a command judges a diff. */
final class StrictOption {
    @Option(names = "--strict", description = "changes of testing ABI fail too (without it they are warnings)")
    boolean strict;
}
