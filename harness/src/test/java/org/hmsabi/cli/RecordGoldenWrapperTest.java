package org.hmsabi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ci/record-golden} is a thin wrapper of {@code hmsabi history --update-golden --runner auto}:
 * its options become history's (run against a stand-in for hmsabi, {@code HMSABI}, that records
 * its arguments and exits as told), history's exit code is its own, and what it passes is a
 * command line the CLI accepts. HistoryUpdateGoldenCxlTest (suites) runs the command itself.
 */
class RecordGoldenWrapperTest {
    private static final Path REPO = Path.of(System.getProperty("hmsabi.repo", ".."));

    record Run(int exitCode, List<String> arguments, String stderr) {
    }

    private static Run run(Path dir, int exitCode, String... args) throws IOException, InterruptedException {
        Path fake = dir.resolve("hmsabi");
        Path arguments = dir.resolve("arguments");
        Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + arguments + "'\nexit " + exitCode + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.deleteIfExists(arguments);
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(REPO.resolve("ci/record-golden").toString());
        builder.command().addAll(List.of(args));
        builder.environment().put("HMSABI", fake.toString());
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        return new Run(code, Files.exists(arguments) ? Files.readAllLines(arguments) : List.of(), stderr);
    }

    @Test
    void withoutArgumentsItRecordsTheFixturesThatNeedANewerQemuOnEverySeries(@TempDir Path dir) throws Exception {
        Run run = run(dir, 0);
        assertThat(run.exitCode()).isZero();
        assertThat(run.arguments()).containsExactly("history", "--update-golden", "--runner", "auto",
                "--topology", "gpu-generic-initiator", "--topology", "cxl-expander", "--topology", "cxl-interleave");
        parses(run.arguments());
    }

    @Test
    void missingSeriesAndFixtureNamesBecomeHistorysOptions(@TempDir Path dir) throws Exception {
        Run run = run(dir, 0, "--missing", "--series", "6.12,7.3", "cxl-expander");
        assertThat(run.arguments()).containsExactly("history", "--update-golden", "--runner", "auto", "--missing",
                "--series", "6.12,7.3", "--topology", "cxl-expander");
        parses(run.arguments());
        assertThat(run(dir, 0, "--series=7.3", "single-node").arguments()).containsExactly("history", "--update-golden", "--runner", "auto",
                "--series", "7.3", "--topology", "single-node");
    }

    @Test
    void historysExitCodeIsItsOwnAndAnUnknownOptionIsAUsageError(@TempDir Path dir) throws Exception {
        assertThat(run(dir, 3).exitCode()).isEqualTo(3);
        Run unknown = run(dir, 0, "--all");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.arguments()).isEmpty();
        assertThat(unknown.stderr()).isEqualTo("record-golden: unknown option --all; use --missing, --series S,S or fixture names\n");
    }

    /** The CLI takes the command line as it is (parsing only: nothing boots). */
    private static void parses(List<String> arguments) {
        CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(arguments.toArray(String[]::new));
        HistoryCommand history = (HistoryCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(history.updateGolden.updateGolden).isTrue();
        assertThat(history.missing).isEqualTo(arguments.contains("--missing"));
    }
}
