package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hmsabi.cli.Main;
import org.hmsabi.kernel.KernelHeaders;
import org.hmsabi.kernel.KernelRef;
import org.hmsabi.kernel.CompilerMissingException;
import org.hmsabi.kernel.ModuleBuilder;
import org.hmsabi.qemu.TestDockerEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vendor worked example, end to end on both default kernels: build vm-images/example-driver
 * against the kernel's Debian headers, run validate-driver on the device-memory fixture with the
 * shipped expect file (passes), with a wrong one (fails naming each attribute), and with a module
 * built for the other kernel (fails to load). The second and third runs on a kernel restore the
 * first one's saved guest state, so they cost about a second each. A kernel whose compiler this
 * machine lacks (7.3 is built with gcc-14, bookworm has gcc-12) has its module built in the trixie
 * builder container; only where no Docker engine can run is it skipped, with the reason.
 */
@Tag("guest")
@Tag("container") // a kernel built with a compiler this machine lacks gets its module built in a builder container
class ValidateDriverTest {
    private static final Path EXAMPLE = TestGuests.workspace().root().resolve("vm-images/example-driver");

    private static CliRun validateDriver(String... args) {
        return CliRun.of(args);
    }

    static List<String> kernels() {
        return TestGuests.defaultKernelReferences();
    }

    /**
     * The modules of {@code sources} built for a kernel: headers fetched on first use, builds cached
     * by source hash. A kernel whose compiler this machine lacks (7.3 is built with gcc-14, a
     * bookworm machine has gcc-12) is built in the builder container of the suite that has it; the
     * Docker engine is started for that (ci/docker-up), and where none can run the test is skipped
     * with docker-up's reason, as the container tests are.
     */
    private static List<Path> build(Path sources, KernelRef.DebianKernel kernel) {
        KernelHeaders headers = KernelHeaders.onThisMachine(Optional.empty(), System.getenv(), TestGuests.workspace().root(),
                System.err::println);
        ModuleBuilder builder = new ModuleBuilder(headers, ModuleBuilder.locateRoot(TestGuests.workspace().cacheRoot()),
                TestGuests.workspace().root(), System.err::println);
        try {
            return builder.build(sources, kernel);
        } catch (org.hmsabi.KernelUnavailableException unavailable) {
            throw TestGuests.skipped(unavailable);
        } catch (CompilerMissingException noCompiler) {
            TestDockerEngine engine = TestDockerEngine.up(TestGuests.workspace().root(),
                    "modules for " + kernel.text() + " (built with a compiler this machine lacks) cannot be built here");
            engine.assumeAvailable();
            return builder.build(sources, kernel); // the engine is up now: a second refusal is a failure
        }
    }

    /** The example module built for a kernel. */
    private static Path exampleFor(String reference) {
        KernelRef.DebianKernel kernel = (KernelRef.DebianKernel) KernelRef.parse(reference);
        List<Path> built = build(EXAMPLE, kernel);
        assertThat(built).extracting(path -> path.getFileName().toString()).containsExactly("hmsabi_example.ko");
        return built.get(0);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void theExampleModuleKeepsItsPromisesAndAWrongPromiseFailsNamingTheAttribute(String kernel, @TempDir Path dir) throws IOException {
        Path module = exampleFor(kernel);

        CliRun pass = validateDriver("validate-driver", "--kernel", kernel, "--module", module.toString(),
                "--expect", EXAMPLE.resolve("expect.yaml").toString(), "--results", dir.resolve("pass").toString());
        assertThat(pass.exitCode()).as(pass.both()).isZero();
        assertThat(pass.stdout()).contains("validate-driver: PASS", "hmsabi_example.ko loaded", "new nodes: node2 +256M",
                "PASSED  expect ", "PASSED  unload hmsabi_example.ko: the added memory is gone again",
                "PASSED  after unloading: back to the state before");
        assertThat(Files.readString(dir.resolve("pass/junit/validate-driver.xml"))).contains("load hmsabi_example.ko");
        assertThat(Files.readString(dir.resolve("pass/summary.txt"))).startsWith("hmsabi validate-driver: PASS");
        assertThat(Files.readString(dir.resolve("pass/findings.txt"))).contains("/sys/devices/system/node/online", "0-1 → 0-2");

        Path wrong = Files.writeString(dir.resolve("wrong.yaml"), """
                node_count: 1
                nodes:
                  - node: 2
                    size: 512M
                    access0: {initiators: [1], read_latency: 200ns, write_bandwidth: 4GiB/s}
                """);
        CliRun fail = validateDriver("validate-driver", "--kernel", kernel, "--module", module.toString(),
                "--expect", wrong.toString(), "--results", dir.resolve("fail").toString());
        assertThat(fail.exitCode()).as(fail.both()).isEqualTo(Main.FINDINGS);
        assertThat(fail.stdout()).contains("validate-driver: FAIL",
                "node2 size: expected 512M, got 256M in online memory blocks",
                "node2 access0 initiators: expected nodes [1], got nodes [0]",
                "node2 access0 read_latency: expected 200 ns, got 250 ns")
                .doesNotContain("write_bandwidth");
        assertThat(Files.readString(dir.resolve("fail/junit/validate-driver.xml")))
                .contains("node2 access0 read_latency: expected 200 ns, got 250 ns");
    }

    /**
     * Modules that misbehave on purpose (suites/src/test/resources/misbehaving-modules): one warns
     * when loaded, one oopses. Each must fail validate-driver for its taint, with the kernel's
     * own lines in the report. One kernel is enough: the checks read the same files on both.
     */
    @Test
    void aModuleThatWarnsOrOopsesFailsWithTheKernelLines(@TempDir Path dir) throws IOException {
        String kernel = kernels().get(0); // the baseline: the LTS kernel a bookworm machine can build modules for
        Path sources = TestGuests.workspace().root().resolve("suites/src/test/resources/misbehaving-modules");
        List<Path> built = build(sources, (KernelRef.DebianKernel) KernelRef.parse(kernel));
        assertThat(built).extracting(path -> path.getFileName().toString()).containsExactly("hmsabi_oops.ko", "hmsabi_warn.ko");
        Path noMemory = Files.writeString(dir.resolve("no-memory.yaml"), "node_count: 0\n");

        CliRun warns = validateDriver("validate-driver", "--kernel", kernel, "--module", built.get(1).toString(),
                "--expect", noMemory.toString(), "--results", dir.resolve("warn").toString());
        assertThat(warns.exitCode()).as(warns.both()).isEqualTo(Main.FINDINGS);
        assertThat(warns.stdout()).contains("PASSED  load hmsabi_warn.ko",
                "FAILED  kernel taint: loading tainted the kernel with ", "FAILED  kernel log: ",
                "hmsabi_warn: a warning on purpose");
        assertThat(warns.stdout().lines().filter(line -> line.contains("FAILED  kernel taint")).findFirst().orElseThrow())
                .as("the letters of the new taint").containsPattern("with [A-Z]*W[A-Z]* \\(");

        CliRun oopses = validateDriver("validate-driver", "--kernel", kernel, "--module", built.get(0).toString(),
                "--expect", noMemory.toString(), "--results", dir.resolve("oops").toString());
        assertThat(oopses.exitCode()).as(oopses.both()).isEqualTo(Main.FINDINGS);
        assertThat(oopses.stdout()).contains("FAILED  load hmsabi_oops.ko", "FAILED  kernel log: ", "hmsabi_oops");
        assertThat(oopses.stdout().lines().filter(line -> line.contains("FAILED  kernel taint")).findFirst().orElseThrow())
                .as("the letters of the new taint").containsPattern("with [A-Z]*D[A-Z]* \\(");
    }

    /**
     * --param reaches insmod: the module takes a parameter it has; one it has not, which the
     * kernel loads the module despite (logging "unknown parameter ... ignored"), fails the load.
     */
    @Test
    void parametersReachTheModule(@TempDir Path dir) {
        String kernel = kernels().get(0);
        Path module = exampleFor(kernel);

        CliRun explicit = validateDriver("validate-driver", "--kernel", kernel, "--module", module.toString(),
                "--param", "hmsabi_example.nid=2", "--expect", EXAMPLE.resolve("expect.yaml").toString(),
                "--results", dir.resolve("explicit").toString());
        assertThat(explicit.exitCode()).as(explicit.both()).isZero();
        assertThat(explicit.stdout()).contains("new nodes: node2 +256M", "--param hmsabi_example.nid=2");

        CliRun unknown = validateDriver("validate-driver", "--kernel", kernel, "--module", module.toString(),
                "--param", "hmsabi_example.no_such_parameter=1", "--results", dir.resolve("unknown").toString());
        assertThat(unknown.exitCode()).as(unknown.both()).isEqualTo(Main.FINDINGS);
        assertThat(unknown.stdout()).contains("FAILED  load hmsabi_example.ko",
                "the module has no parameter no_such_parameter; the kernel ignored it");
    }

    @Test
    void aModuleBuiltForAnotherKernelIsReportedAsFailingToLoad(@TempDir Path dir) {
        List<String> kernels = kernels();
        Path builtForBaseline = exampleFor(kernels.get(0));

        CliRun run = validateDriver("validate-driver", "--kernel", kernels.get(1), "--module", builtForBaseline.toString(),
                "--results", dir.toString());

        assertThat(run.exitCode()).as(run.both()).isEqualTo(Main.FINDINGS);
        assertThat(run.stdout()).contains("hmsabi_example.ko failed", "FAILED  load hmsabi_example.ko: hmsabi_example.ko failed to load",
                "invalid module format", "Kernel log while loading", "] hmsabi_example: "); // the kernel's own reason (version magic, symbol versions)
    }
}
