package org.hmsabi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hmsabi.driver.ModuleParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** validate-driver's input checks: all of them run before any kernel is resolved or guest booted. */
class ValidateDriverCommandTest {
    private static final String KERNEL = "debian:6.12.117+deb12";

    record Run(int exitCode, String stderr) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = Main.run(cli, args);
        return new Run(code, err.toString());
    }

    private static Path elf(Path dir, String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
    }

    @Test
    void aMissingModuleIsBadInput(@TempDir Path dir) {
        Run run = run("validate-driver", "--kernel", KERNEL, "--module", dir.resolve("vendor.ko").toString());

        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.stderr()).startsWith("hmsabi: " + dir.resolve("vendor.ko") + ": no such module file; build it first");
    }

    @Test
    void aFileThatIsNoModuleIsBadInput(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("vendor.ko"), "not elf");
        Path wrongName = elf(dir, "vendor.o");

        assertThat(run("validate-driver", "--kernel", KERNEL, "--module", text.toString()).stderr())
                .startsWith("hmsabi: " + text + ": not an ELF file");
        Run run = run("validate-driver", "--kernel", KERNEL, "--module", wrongName.toString());
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.stderr()).startsWith("hmsabi: " + wrongName + ": not a kernel module file name");
    }

    @Test
    void theSameModuleTwiceIsBadInput(@TempDir Path dir) throws IOException {
        Path module = elf(dir, "vendor.ko");
        Path again = elf(Files.createDirectories(dir.resolve("other")), "vendor.ko");

        Run run = run("validate-driver", "--kernel", KERNEL, "--module", module.toString(), "--module", again.toString());
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.stderr()).contains("a module named vendor.ko is given twice");
    }

    @Test
    void aMalformedExpectFileIsBadInputNamingFileAndField(@TempDir Path dir) throws IOException {
        Path module = elf(dir, "vendor.ko");
        Path expect = Files.writeString(dir.resolve("expect.yaml"), "nodes:\n  - {node: 2, access0: {read_latency: fast}}\n");

        Run run = run("validate-driver", "--kernel", KERNEL, "--module", module.toString(), "--expect", expect.toString());
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.stderr()).startsWith("hmsabi: " + expect + ": nodes[0].access0.read_latency: latency 'fast' is not understood");
    }

    @Test
    void anUnknownTopologyIsBadInput(@TempDir Path dir) throws IOException {
        Run run = run("validate-driver", "--kernel", KERNEL, "--module", elf(dir, "vendor.ko").toString(), "--topology", "nowhere");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.stderr()).contains("no topology fixture 'nowhere'");
    }

    @Test
    void aModuleIsRequiredUnlessTheTopologyHasACxlDevice() {
        // device-memory (the default) has no cxl: section: its memory needs a driver; found before any kernel is fetched.
        Run run = run("validate-driver", "--kernel", KERNEL);
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.stderr()).startsWith("hmsabi: validate-driver: give --module FILE.ko").contains("device-memory has none")
                .hasLineCount(1);
    }

    @Test
    void aParameterMustBeModuleDotNameEqualsValueForAGivenModule(@TempDir Path dir) throws IOException {
        Path module = elf(dir, "vendor-mem.ko");

        Run malformed = run("validate-driver", "--kernel", KERNEL, "--module", module.toString(), "--param", "nid=2");
        assertThat(malformed.exitCode()).isEqualTo(Main.USAGE);
        assertThat(malformed.stderr()).startsWith("hmsabi: --param nid=2: write MODULE.PARAM=VALUE");
        Run spaced = run("validate-driver", "--kernel", KERNEL, "--module", module.toString(), "--param", "vendor_mem.x=a b");
        assertThat(spaced.stderr()).startsWith("hmsabi: --param vendor_mem.x=a b: write MODULE.PARAM=VALUE");
        Run unknown = run("validate-driver", "--kernel", KERNEL, "--module", module.toString(), "--param", "other.nid=2");
        assertThat(unknown.exitCode()).isEqualTo(Main.USAGE);
        assertThat(unknown.stderr()).startsWith("hmsabi: --param other.nid=2: no --module is named other; the modules are [vendor-mem]");
    }

    @Test
    void parametersGoToTheirModuleInOrderWithDashAndUnderscoreAlike() {
        List<ModuleParameter> parameters = List.of(
                ModuleParameter.parse("vendor_mem.nid=2"),
                ModuleParameter.parse("other.x=1"),
                ModuleParameter.parse("vendor-mem.size=256M"));

        assertThat(ModuleParameter.insmodArguments(parameters, "vendor-mem")).containsExactly("nid=2", "size=256M");
        assertThat(ModuleParameter.insmodArguments(parameters, "third")).isEmpty();
    }
}
