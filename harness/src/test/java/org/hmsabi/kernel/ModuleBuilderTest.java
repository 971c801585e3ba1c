package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hmsabi.Workspace;
import org.hmsabi.container.ContainerOwner;
import org.hmsabi.container.ContainerPlan;
import org.hmsabi.container.LocalContainers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a module is built: this machine's compiler when it has the kernel's, else the builder
 * container of the suite whose package list has that gcc, else a one-line refusal; and what the
 * builder container is asked for. The builds themselves run in ValidateDriverTest (suites).
 */
class ModuleBuilderTest {
    private static final Path REPOSITORY = Workspace.locate(Optional.empty()).root();
    private static final KernelRef.DebianKernel TRIXIE_KERNEL = (KernelRef.DebianKernel) KernelRef.parse("debian:7.3.4+deb13");
    private static final KernelRef.DebianKernel SID_KERNEL = (KernelRef.DebianKernel) KernelRef.parse("debian:7.2.13+deb14");
    private static final String GCC_14 = "x86_64-linux-gnu-gcc-14 (Debian 14.2.0-19) 14.2.0";

    @Test
    void theCompilerIsTheOneTheHeadersConfigNames(@TempDir Path headers) throws IOException {
        Files.writeString(headers.resolve(".config"), "CONFIG_CC_IS_GCC=y\nCONFIG_CC_VERSION_TEXT=\"" + GCC_14 + "\"\nCONFIG_X=1\n");
        assertThat(ModuleBuilder.compilerOf(headers)).isEqualTo(GCC_14);
        assertThat(ModuleBuilder.compilerOf(headers.resolve("missing"))).isEmpty();
    }

    @Test
    void theShippedPackageListSaysWhichSuiteHasWhichGcc() {
        BuilderSuites suites = BuilderSuites.of(REPOSITORY);
        assertThat(suites.suiteFor("gcc-12")).contains("bookworm");
        assertThat(suites.suiteFor("gcc-14")).contains("trixie");
        assertThat(suites.suiteFor("gcc-16")).contains("sid");
        assertThat(suites.suiteFor("gcc-99")).isEmpty();
        assertThat(BuilderSuites.parse("make\n# gcc-13 bookworm\ngcc-15 forky # a comment\ngcc-15 sid\n").suiteByCompiler())
                .containsExactlyEntriesOf(java.util.Map.of("gcc-15", "forky"));
    }

    @Test
    void theHostBuildsWhenItHasTheKernelsCompilerElseTheSuiteThatHasIt() {
        BuilderSuites suites = BuilderSuites.of(REPOSITORY);
        assertThat(ModuleBuilder.toolchain(GCC_14, TRIXIE_KERNEL, Set.of("x86_64-linux-gnu-gcc-14")::contains, suites))
                .isEqualTo(new ModuleToolchain.Host("x86_64-linux-gnu-gcc-14"));
        ModuleToolchain trixie = ModuleBuilder.toolchain(GCC_14, TRIXIE_KERNEL, Set.of("x86_64-linux-gnu-gcc-12")::contains, suites);
        assertThat(trixie).isEqualTo(new ModuleToolchain.BuilderContainer("trixie", "gcc-14"));
        assertThat(trixie.describe()).isEqualTo("the trixie builder container (gcc-14)");
        assertThat(ModuleBuilder.toolchain("x86_64-linux-gnu-gcc-16 (Debian 16.2.0-4) 16.2.0", SID_KERNEL, command -> false, suites))
                .isEqualTo(new ModuleToolchain.BuilderContainer("sid", "gcc-16"));
        // headers without a compiler line: make says what is wrong, on this machine
        assertThat(ModuleBuilder.toolchain("", TRIXIE_KERNEL, command -> false, suites)).isEqualTo(new ModuleToolchain.Host(""));
    }

    @Test
    void aCompilerNoSuiteHasIsRefusedNamingItAndTheLineThatWouldAddIt() {
        assertThatThrownBy(() -> ModuleBuilder.toolchain("x86_64-linux-gnu-gcc-99 (Debian 99.1.0-1) 99.1.0", SID_KERNEL,
                command -> false, BuilderSuites.of(REPOSITORY)))
                .isInstanceOf(CompilerMissingException.class)
                .hasMessage("debian:7.2.13+deb14 was built with x86_64-linux-gnu-gcc-99 (Debian 99.1.0-1) 99.1.0, which this machine"
                        + " does not have, and no module builder image has gcc-99 (vm-images/container/kbuild-packages has"
                        + " gcc-12 (bookworm), gcc-14 (trixie), gcc-16 (sid)); add a line 'gcc-99 SUITE' there for the Debian suite that has it")
                .satisfies(e -> assertThat(((CompilerMissingException) e).exitCode()).isEqualTo(3));
    }

    @Test
    void withoutAnEngineTheRefusalSaysWhatWouldMakeItWork() {
        ModuleToolchain.BuilderContainer trixie = new ModuleToolchain.BuilderContainer("trixie", "gcc-14");
        CompilerMissingException refusal = ModuleBuilder.containerUnavailable(TRIXIE_KERNEL, GCC_14, trixie,
                "cannot build the trixie kbuild container image with vm-images/container/build:"
                        + " container-image: no Docker engine answers: start one with ci/docker-up");
        assertThat(refusal.getMessage()).isEqualTo("debian:7.3.4+deb13 was built with " + GCC_14 + ", which this machine does not"
                + " have; modules for it are built in the trixie builder container (gcc-14), which cannot run here: cannot build"
                + " the trixie kbuild container image with vm-images/container/build: container-image: no Docker engine answers:"
                + " start one with ci/docker-up");
        assertThat(refusal.exitCode()).isEqualTo(3);
        assertThat(ModuleBuilder.containerUnavailable(TRIXIE_KERNEL, GCC_14, trixie, "docker: permission denied").getMessage())
                .endsWith("cannot run here: docker: permission denied (a Docker engine: start one with ci/docker-up)");
    }

    @Test
    void theBuilderContainerReadsTheHeadersAndWritesOnlyTheBuildDirectory() {
        Path entry = Path.of("/cache/headers/7.3.4+deb13");
        Path work = Path.of("/cache/modules/example-driver-0123/7.3.4+deb13.building-1");
        List<String> make = List.of("make", "-C", entry + "/usr/src/linux-headers-7.3.4+deb13-amd64", "M=" + work, "modules");
        ContainerPlan plan = ModuleBuilder.containerPlan("hmsabi/kbuild:0123456789abcdef", entry, make, work);

        assertThat(plan.command()).isEqualTo(make);
        assertThat(plan.readOnlyFiles()).containsExactly(entry);
        assertThat(plan.writableDirectories()).containsExactly(work);
        assertThat(plan.name()).startsWith("hmsabi-kbuild-");
        assertThat(plan.labels()).containsEntry(LocalContainers.RUNNER_LABEL, "container")
                .containsEntry(LocalContainers.OWNER_LABEL, ContainerOwner.current().label());
        assertThat(plan.shellLine()).contains(" --network none ", " -v /cache/headers/7.3.4+deb13:/cache/headers/7.3.4+deb13:ro ",
                " -v " + work + ":" + work + " ", " hmsabi/kbuild:0123456789abcdef make -C ");
    }
}
