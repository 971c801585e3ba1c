package org.hmsabi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** One option means one thing in every command: same words in --help, same syntax, typed values, examples. No guest boots. */
class CommandOptionsTest {
    /** The options shared through mixins: each has one description (--topology has two: over fixtures, or one machine). */
    private static final Map<String, Integer> SHARED = Map.ofEntries(Map.entry("--topology", 2), Map.entry("--results", 1),
            Map.entry("--parallel", 1), Map.entry("--shard", 1), Map.entry("--strict", 1), Map.entry("--waivers", 1), Map.entry("--kernels", 1),
            Map.entry("--boot-timeout", 1), Map.entry("--transport", 1), Map.entry("--runner", 1), Map.entry("--fresh-boot", 1),
            Map.entry("--cache-dir", 1), Map.entry("--modules", 1), Map.entry("--help", 1), Map.entry("--version", 1));

    record Run(int exitCode, String stdout, String stderr) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = Main.run(cli, args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Every command and subcommand, by its full name (e.g. "kernels fetch"). */
    static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new TreeMap<>();
        collect(new CommandLine(new Main()), all);
        return all;
    }

    private static void collect(CommandLine command, Map<String, CommandLine> into) {
        for (CommandLine sub : command.getSubcommands().values()) {
            into.put(sub.getCommandSpec().qualifiedName(" ").replaceFirst("^hmsabi ", ""), sub);
            collect(sub, into);
        }
    }

    @Test
    void aSharedOptionSaysTheSameWordsInEveryCommand() {
        Map<String, Set<String>> descriptions = new TreeMap<>();
        commands().values().forEach(command -> command.getCommandSpec().options().forEach(option -> descriptions
                .computeIfAbsent(option.longestName(), name -> new TreeSet<>()).add(String.join(" ", option.description())
                        .replace("(default: " + option.defaultValueString() + ")", "(default: ${DEFAULT-VALUE})")
                        + " label=" + option.paramLabel())));
        SHARED.forEach((name, variants) -> assertThat(descriptions.get(name)).as(name).hasSize(variants));
    }

    @Test
    void everyHelpEndsWithAnExampleThatFitsOnTheScreen() {
        commands().forEach((name, command) -> {
            String[] footer = command.getCommandSpec().usageMessage().footer();
            List<String> lines = Arrays.asList(footer);
            assertThat(lines).as("%s: footer", name).anyMatch(line -> line.matches("Examples?:"));
            String last = lines.get(lines.size() - 1);
            assertThat(last).as("%s: the last line is an example", name).startsWith("  ");
            lines.forEach(line -> assertThat(line.length()).as("%s: '%s' is not wrapped by picocli", name, line).isLessThan(80));
            assertThat(run((name + " --help").split(" ")).stdout()).as(name).endsWith(last + System.lineSeparator());
        });
    }

    @Test
    void aWrongTypedValueIsAUsageErrorListingTheValidOnes() {
        String[][] wrong = {{"gate", "--format", "xml"}, {"gate", "--baseline-from", "cache"}, {"gate", "--runner", "vm"},
                {"check", "--kernel", "debian:6.12", "--suite", "nope"}, {"snapshot", "--kernel", "debian:6.12", "--out", "x",
                "--transport", "usb"}, {"diff", "--format", "yaml", "a", "b"}, {"topology", "--root", ".", "--format", "png"}};
        for (String[] args : wrong) {
            Run run = run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(Main.USAGE);
            assertThat(run.stderr()).as(String.join(" ", args)).startsWith("hmsabi: Invalid value for option")
                    .contains("expected one of [").contains("(case-insensitive)");
            assertThat(run.stderr().lines().count()).isEqualTo(1);
        }
    }

    @Test
    void checkNamesEverySuite() {
        Run run = run("check", "--kernel", "debian:6.12", "--suite", "sysfs");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.stderr()).contains("expected one of [conformance, syscalls, sysfs-writes, hotplug, cxl] (case-insensitive) but was 'sysfs'");
        CommandLine cli = new CommandLine(new Main());
        cli.parseArgs("check", "--kernel", "debian:6.12", "--suite", "SYSFS-WRITES", "--suite", "syscalls", "--tries", "5", "--seed", "9");
        CheckCommand command = cli.getSubcommands().get("check").getCommand();
        assertThat(command.suites).containsExactly(org.hmsabi.gate.KernelCheck.Suite.SYSFS_WRITES, org.hmsabi.gate.KernelCheck.Suite.SYSCALLS);
        assertThat(command.tries).isEqualTo(5);
        assertThat(command.seed).isEqualTo(9L);
    }

    @Test
    void typedValuesTakeAnyCase() {
        Run run = run("gate", "--format", "KTAP", "--runner", "Host", "--baseline-from", "BOOT", "--transport", "Serial",
                "--topology", "no-such-fixture");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.stderr()).contains("no topology fixture 'no-such-fixture'");
    }

    @Test
    void kernelListsHaveOneSyntaxInBisectAndBench() {
        for (String command : List.of("bisect", "bench")) {
            Run run = run(command, "--kernels", "debian:6.12,ftp:7.3");
            assertThat(run.exitCode()).as(command).isEqualTo(Main.USAGE);
            assertThat(run.stderr()).as(command).startsWith("hmsabi: Invalid value for option '--kernels' (REF): ftp:7.3: unknown");
            Run range = run(command, "--kernels", "debian:6.12..nope:7.3");
            assertThat(range.stderr()).as(command).contains("nope:7.3: unknown kernel reference scheme");
        }
        KernelsOption option = new KernelsOption();
        new CommandLine(option).parseArgs("--kernels", "debian:6.1,debian:6.12", "--kernels", "debian:6.16..debian:7.3");
        assertThat(option.kernels).containsExactly("debian:6.1", "debian:6.12", "debian:6.16..debian:7.3");
    }

    @Test
    void gateKtapStillWorksWithOneDeprecationLine() {
        Run run = run("gate", "--ktap", "--topology", "no-such-fixture");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.stderr().lines().toList()).first().isEqualTo("hmsabi: --ktap is deprecated; use --format ktap");
        assertThat(run.stderr().lines().filter(line -> line.contains("deprecated")).count()).isEqualTo(1);
    }

    @Test
    void bisectStepBaselineIsAKernelAndTheOldFileSpellingStillWorks(@TempDir Path dir) {
        String golden = Path.of(System.getProperty("hmsabi.repo", "."), "fixtures/golden/two-socket-hbm/6.16.12+deb13.json").toString();
        String missing = dir.resolve("no-bzImage").toString();
        String results = dir.resolve("results").toString();

        Run byFile = run("bisect-step", "--kernel", missing, "--baseline", golden, "--results", results);
        assertThat(byFile.exitCode()).isEqualTo(125);
        assertThat(byFile.stderr()).isEqualTo("hmsabi: --baseline FILE is deprecated; use --baseline-snapshot FILE" + System.lineSeparator());
        assertThat(byFile.stdout()).contains("untestable").contains("(against debian:6.16.12+deb13 on two-socket-hbm)");

        Run bySnapshot = run("bisect-step", "--kernel", missing, "--baseline-snapshot", golden, "--results", results);
        assertThat(bySnapshot.stderr()).isEmpty();
        assertThat(bySnapshot.stdout()).contains("(against debian:6.16.12+deb13 on two-socket-hbm)");

        Run bySeries = run("bisect-step", "--kernel", missing, "--baseline", "debian:6.16", "--results", results);
        assertThat(bySeries.exitCode()).isEqualTo(125);
        assertThat(bySeries.stdout()).contains("(against debian:6.16.12+deb13 on two-socket-hbm)");

        String pinned61 = org.hmsabi.kernel.KernelPins.findOrNone(Path.of(System.getProperty("hmsabi.repo", "."))).newestIn("6.1")
                .orElseThrow().reference(); // its golden file is in the repository
        Run byAbi = run("bisect-step", "--kernel", missing, "--baseline", pinned61, "--results", results);
        assertThat(byAbi.stdout()).contains("(against " + pinned61 + " on two-socket-hbm)");

        // Bad input in a step stops git bisect run (128 + 2), never reads as a bad commit.
        Run both = run("bisect-step", "--kernel", missing, "--baseline", "debian:6.16", "--baseline-snapshot", golden);
        assertThat(both.exitCode()).isEqualTo(128 + Main.USAGE);
        assertThat(both.stderr()).contains("give one reference, not both");

        Run noGolden = run("bisect-step", "--kernel", missing, "--baseline", "debian:6.12.999+deb12");
        assertThat(noGolden.exitCode()).isEqualTo(128 + Main.USAGE);
        assertThat(noGolden.stderr()).contains("no golden file of debian:6.12.999+deb12 for two-socket-hbm");
    }

    @Test
    void commandsThatJudgeDiffsTakeStrictAndWaivers() {
        Map<String, CommandLine> commands = commands();
        for (String name : List.of("gate", "diff", "history")) {
            assertThat(commands.get(name).getCommandSpec().findOption("--strict")).as(name).isNotNull();
        }
        for (String name : List.of("gate", "diff", "history", "bisect", "bisect-step")) {
            assertThat(commands.get(name).getCommandSpec().findOption("--waivers")).as(name).isNotNull();
        }
        Run run = run("history", "--waivers", "/no/such/waivers.yaml", "--series", "6.1,6.12", "--topology", "two-socket");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.stderr()).contains("/no/such/waivers.yaml");
    }

    @Test
    void validateDriverBootsTheDeviceMemoryMachineByDefaultAndTheOthersTwoSocketHbm() {
        Map<String, CommandLine> commands = commands();
        List<String> defaults = new ArrayList<>();
        for (String name : List.of("snapshot", "bisect", "bisect-step", "bench", "validate-driver", "gate", "check", "history")) {
            OptionSpec topology = commands.get(name).getCommandSpec().findOption("--topology");
            defaults.add(name + "=" + topology.defaultValueString());
        }
        assertThat(defaults).containsExactly("snapshot=two-socket-hbm", "bisect=two-socket-hbm", "bisect-step=two-socket-hbm",
                "bench=two-socket-hbm", "validate-driver=device-memory", "gate=[]", "check=[]", "history=[]");
        assertThat(run("validate-driver", "--help").stdout()).contains("(default: device-memory)");
        CommandLine cli = new CommandLine(new Main());
        cli.parseArgs("validate-driver", "--kernel", "debian:6.12", "--module", "vendor.ko");
        ValidateDriverCommand command = cli.getSubcommands().get("validate-driver").getCommand();
        assertThat(command.topologyOption.name).isEqualTo("device-memory");
    }
}
