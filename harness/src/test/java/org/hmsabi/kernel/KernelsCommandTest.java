package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hmsabi.HmsabiException;
import org.hmsabi.cli.KernelsCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command as Main will run it: HmsabiExceptions become one line on stderr and their exit code. */
class KernelsCommandTest {
    @TempDir
    Path cache;
    @TempDir
    Path workingDirectory;

    private final FakeDebianArchive archive = FakeDebianArchive.sample();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private CommandLine command;

    @BeforeEach
    void setUp() {
        command = new CommandLine(new KernelsCommand(archive, Map.of("HMSABI_CACHE", cache.toString()), workingDirectory))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof HmsabiException failure) {
                        cmd.getErr().println(failure.getMessage());
                        return failure.exitCode();
                    }
                    throw e;
                });
    }

    @Test
    void fetchPrintsOneTabSeparatedLinePerKernel() {
        int exit = command.execute("fetch", "debian:6.1", "debian:6.12.117+deb12");

        assertThat(exit).isZero();
        Path kernels = cache.resolve("kernels");
        assertThat(out.toString().lines()).containsExactly(
                String.join("\t", "debian:6.1", "6.1.0-56-amd64",
                        kernels.resolve("linux-image-6.1.0-56-amd64-unsigned_6.1.192-2/boot/vmlinuz-6.1.0-56-amd64").toString(),
                        kernels.resolve("linux-image-6.1.0-56-amd64-unsigned_6.1.192-2/lib/modules/6.1.0-56-amd64").toString()),
                String.join("\t", "debian:6.12.117+deb12", "6.12.117+deb12-amd64",
                        kernels.resolve("linux-image-6.12.117+deb12-amd64-unsigned_6.12.117-1~deb12u1/boot/vmlinuz-6.12.117+deb12-amd64").toString(),
                        kernels.resolve("linux-image-6.12.117+deb12-amd64-unsigned_6.12.117-1~deb12u1/lib/modules/6.12.117+deb12-amd64").toString()));
        assertThat(err.toString()).contains("fetching debian:6.1 (").contains("fetching debian:6.12.117+deb12 (");
    }

    @Test
    void cacheDirOptionWinsOverTheEnvironment(@TempDir Path other) {
        assertThat(command.execute("fetch", "--cache-dir", other.toString(), "debian:6.1")).isZero();
        assertThat(out.toString()).contains(other.resolve("kernels").toString());
        assertThat(cache.resolve("kernels")).doesNotExist();
    }

    @Test
    void aBzImageWithoutModulesPrintsADash() throws IOException {
        Path image = FakeBzImage.write(workingDirectory.resolve("bzImage"), FakeBzImage.withVersion("6.13.0 #1"));
        assertThat(command.execute("fetch", image.toString())).isZero();
        assertThat(out.toString()).isEqualTo(image + "\t6.13.0\t" + image + "\t-" + System.lineSeparator());
    }

    @Test
    void modulesGoWithTheOneBzImage() throws IOException {
        Path image = FakeBzImage.write(workingDirectory.resolve("bzImage"), FakeBzImage.withVersion("6.13.0 #1"));
        Path modules = Files.createDirectories(workingDirectory.resolve("mods/lib/modules/6.13.0"));
        assertThat(command.execute("fetch", "debian:6.1", image.toString(), "--modules",
                workingDirectory.resolve("mods").toString())).isZero();
        assertThat(out.toString().lines()).last().asString().endsWith("\t" + modules);

        assertThat(command.execute("fetch", "debian:6.1", "--modules", modules.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--modules").contains("needs exactly one bzImage REF");
    }

    @Test
    void aMalformedReferenceFailsBeforeAnyDownload() {
        int exit = command.execute("fetch", "debian:6.1", "debian:6.1;reboot");

        assertThat(exit).isEqualTo(2);
        assertThat(archive.downloads).hasValue(0);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).hasSize(1).first().asString().startsWith("debian:6.1;reboot: malformed");
    }

    @Test
    void aChecksumMismatchExitsThree() {
        archive.corrupting("6.12.117+deb12");
        assertThat(command.execute("fetch", "debian:6.12")).isEqualTo(3);
        assertThat(err.toString()).contains("debian:6.12: downloaded");
    }

    @Test
    void theRepositoryPinsAreApplied() throws IOException {
        // The working directory's repository pins 6.1.0-56 with a hash the index disagrees with.
        KernelsTest.pinsFile(workingDirectory, "linux-image-6.1.0-56-amd64-unsigned", "6.1.192-2", "e".repeat(64));
        assertThat(command.execute("fetch", "debian:6.1")).isEqualTo(3);
        assertThat(err.toString()).contains("e".repeat(64));
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(command.execute()).isEqualTo(2);
        assertThat(command.execute("fetch")).isEqualTo(2);
    }
}
