package org.hmsabi.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hmsabi.BadInputException;
import org.hmsabi.Workspace;
import org.hmsabi.diff.DiffJson;
import org.hmsabi.diff.DiffResult;
import org.hmsabi.diff.DiffText;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.AbiSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hmsabi diff}: classify the differences between two snapshots; exit 1 if any fails the gate. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Classify the differences between a baseline and a candidate snapshot of one topology.",
        footer = {"", "Exit 0 nothing fails, 1 a finding fails, 2 bad input.", "", "Example:",
                "  hmsabi diff fixtures/golden/two-socket-hbm/6.12.117+deb12.json \\",
                "      fixtures/golden/two-socket-hbm/7.3.4+deb13.json"})
final class DiffCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASE.json", description = "the baseline snapshot")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE.json", description = "the candidate snapshot")
    Path candidate;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "a verdict line and tables (text), or JSON (json) (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin
    StrictOption strict;

    @Mixin
    WaiversOption waivers;

    @Override
    public Integer call() {
        Snapshot base = read(baseline);
        Snapshot next = read(candidate);
        DiffResult result = new SnapshotDiff(AbiSpec.bundled(), waivers.load(Workspace.locate(Optional.empty())), strict.strict).compare(base, next);
        spec.commandLine().getOut().print(format == Format.json ? DiffJson.render(result) : DiffText.render(result));
        spec.commandLine().getOut().flush();
        return result.passes() ? Main.OK : Main.FINDINGS;
    }

    private static Snapshot read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such snapshot file; write one with 'hmsabi snapshot'");
        }
        return SnapshotFiles.read(file);
    }
}
