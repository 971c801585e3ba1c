package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelsTest {
    @TempDir
    Path cacheRoot;

    private final FakeDebianArchive archive = FakeDebianArchive.sample();
    private final List<String> progress = new ArrayList<>();

    private Kernels kernels(KernelPins pins) {
        return new Kernels(archive, new KernelCache(cacheRoot), pins, progress::add);
    }

    private Kernels kernels() {
        return kernels(KernelPins.none());
    }

    @Test
    void aSeriesResolvesToItsNewestKernel() {
        Kernel kernel = kernels().resolve("debian:6.1");

        assertThat(kernel.reference()).isEqualTo("debian:6.1");
        assertThat(kernel.release()).isEqualTo("6.1.0-56-amd64");
        assertThat(kernel.debianPackage()).contains(archive.packageOf("6.1.0-56"));
        assertThat(kernel.image()).isRegularFile().hasFileName("vmlinuz-6.1.0-56-amd64");
        assertThat(kernel.modulesDir()).hasValueSatisfying(dir -> assertThat(dir).isDirectory().hasFileName("6.1.0-56-amd64"));
        assertThat(kernel.config()).hasValueSatisfying(config -> assertThat(config).isRegularFile());
        assertThat(kernel.image()).startsWith(cacheRoot.resolve("linux-image-6.1.0-56-amd64-unsigned_6.1.192-2"));
    }

    @Test
    void theSixTwelveSeriesIsNotConfusedWithSixOne() {
        assertThat(kernels().resolve("debian:6.12").release()).isEqualTo("6.12.117+deb12-amd64");
    }

    @Test
    void anExactAbiResolvesToThatKernel() {
        Kernel kernel = kernels().resolve("debian:6.12.115+deb12");
        assertThat(kernel.release()).isEqualTo("6.12.115+deb12-amd64");
        assertThat(kernel.debianPackage().orElseThrow().version()).isEqualTo("6.12.115-1~deb12u1");
        assertThat(archive.searches).as("an exact ABI needs no search of the index").hasValue(0);
    }

    @Test
    void downloadsAreAnnouncedWithPackageAndSize() {
        kernels().resolve("debian:6.12");
        long megabytes = archive.packageOf("6.12.117+deb12").sizeMegabytes();
        assertThat(progress).containsExactly("fetching debian:6.12 (linux-image-6.12.117+deb12-amd64-unsigned "
                + "6.12.117-1~deb12u1, " + megabytes + " MB)…");
    }

    @Test
    void aCachedKernelIsNotDownloadedAgain() {
        Kernel first = kernels().resolve("debian:6.1");
        Kernel again = kernels().resolve("debian:6.1.0-56");

        assertThat(archive.downloads).hasValue(1);
        assertThat(again.image()).isEqualTo(first.image());
        assertThat(again.reference()).isEqualTo("debian:6.1.0-56");
        assertThat(progress).hasSize(1);
    }

    @Test
    void anUnknownAbiListsWhatTheSeriesHas() {
        assertThatThrownBy(() -> kernels().resolve("debian:6.1.0-99"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("debian:6.1.0-99: no package linux-image-6.1.0-99-amd64-unsigned in the package index;"
                        + " run 'apt-get update' or pick one of: 6.1.0-9, 6.1.0-47, 6.1.0-55, 6.1.0-56"
                        + " (or debian:6.1 for the newest)");
    }

    @Test
    void anUnknownAbiOfAnUnknownSeriesListsTheSeries() {
        assertThatThrownBy(() -> kernels().resolve("debian:5.10.0-30"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("debian:5.10.0-30: no package linux-image-5.10.0-30-amd64-unsigned")
                .hasMessageEndingWith("pick one of: series debian:6.1, debian:6.12");
    }

    @Test
    void anUnknownSeriesIsBadInput() {
        assertThatThrownBy(() -> kernels().resolve("debian:6.6"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("debian:6.6: the package index has no 6.6 kernels; available: debian:6.1, debian:6.12"
                        + " (run 'apt-get update' if you expected one)");
    }

    @Test
    void anEmptyIndexSaysToRunAptGetUpdate() {
        Kernels kernels = new Kernels(new FakeDebianArchive(), new KernelCache(cacheRoot), KernelPins.none(), progress::add);
        assertThatThrownBy(() -> kernels.resolve("debian:6.12"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("debian:6.12: ")
                .hasMessageContaining("run 'apt-get update'");
        assertThatThrownBy(() -> kernels.resolve("debian:6.1.0-56"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("run 'apt-get update'");
    }

    @Test
    void aChecksumMismatchFailsAndLeavesNothingInTheCache() throws IOException {
        archive.corrupting("6.1.0-56");
        String expected = archive.packageOf("6.1.0-56").sha256();
        String actual = FakeDebianArchive.sha256("tampered".getBytes());

        assertThatThrownBy(() -> kernels().resolve("debian:6.1"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("debian:6.1: downloaded ")
                .hasMessageContaining(actual)
                .hasMessageContaining(expected);
        assertThat(visibleEntries()).isEmpty();
        assertThat(cacheRoot.resolve(".staging")).isEmptyDirectory();
    }

    @Test
    void aPinThatDisagreesWithTheIndexStopsBeforeDownloading(@TempDir Path repo) throws IOException {
        DebianPackage pkg = archive.packageOf("6.1.0-56");
        String pinned = "0".repeat(64);
        KernelPins pins = KernelPins.load(pinsFile(repo, pkg.name(), pkg.version(), pinned));

        assertThatThrownBy(() -> kernels(pins).resolve("debian:6.1.0-56"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining(pkg.sha256())
                .hasMessageContaining(pinned)
                .hasMessageContaining("kernels.yaml");
        assertThat(archive.downloads).hasValue(0);
    }

    @Test
    void aPinForAnotherVersionDoesNotApply(@TempDir Path repo) throws IOException {
        DebianPackage pkg = archive.packageOf("6.1.0-56");
        KernelPins pins = KernelPins.load(pinsFile(repo, pkg.name(), "6.1.192-1", "0".repeat(64)));
        assertThat(kernels(pins).resolve("debian:6.1.0-56").release()).isEqualTo("6.1.0-56-amd64");
    }

    @Test
    void aBzImageTakesItsReleaseFromTheHeader(@TempDir Path build) throws IOException {
        Path image = FakeBzImage.write(build.resolve("arch/x86/boot/bzImage"),
                FakeBzImage.withVersion("6.13.0-rc1-hmsabi+ (me@host) #3 SMP"));
        Files.writeString(build.resolve(".config"), "CONFIG_NUMA=y\n");

        Kernel kernel = kernels().resolve(image.toString());

        assertThat(kernel.release()).isEqualTo("6.13.0-rc1-hmsabi+");
        assertThat(kernel.image()).isEqualTo(image);
        assertThat(kernel.modulesDir()).isEmpty();
        assertThat(kernel.config()).contains(build.resolve(".config"));
        assertThat(kernel.debianPackage()).isEmpty();
    }

    @Test
    void modulesOfABzImageMayBeGivenAsAnInstallRoot(@TempDir Path build) throws IOException {
        Path image = FakeBzImage.write(build.resolve("bzImage"), FakeBzImage.withVersion("6.13.0 #1"));
        Path modules = Files.createDirectories(build.resolve("install/lib/modules/6.13.0"));

        Kernel kernel = kernels().resolve(KernelRef.parse(image.toString(), Optional.of(build.resolve("install"))));

        assertThat(kernel.modulesDir()).contains(modules);
    }

    @Test
    void aBzImageWithoutVersionStringTakesTheReleaseFromItsModulesDir(@TempDir Path build) throws IOException {
        Path image = FakeBzImage.write(build.resolve("bzImage"), FakeBzImage.withoutVersion());
        Path modules = Files.createDirectories(build.resolve("lib/modules/6.13.0-custom"));

        Kernel kernel = kernels().resolve(KernelRef.parse(image.toString(), Optional.of(modules)));

        assertThat(kernel.release()).isEqualTo("6.13.0-custom");
        assertThat(kernel.modulesDir()).contains(modules);
    }

    @Test
    void aMissingBzImageIsBadInputNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("linux/arch/x86/boot/bzImage");
        assertThatThrownBy(() -> kernels().resolve(missing.toString()))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(missing + ": no such file");
    }

    @Test
    void aFileThatIsNotABzImageIsBadInput(@TempDir Path dir) throws IOException {
        Path vmlinux = Files.writeString(dir.resolve("vmlinux"), "\u007fELF");
        assertThatThrownBy(() -> kernels().resolve(vmlinux.toString()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not an x86 bzImage");
    }

    @Test
    void aMissingModulesDirIsBadInput(@TempDir Path dir) throws IOException {
        Path image = FakeBzImage.write(dir.resolve("bzImage"), FakeBzImage.withVersion("6.13.0 #1"));
        assertThatThrownBy(() -> kernels().resolve(KernelRef.parse(image.toString(), Optional.of(dir.resolve("nope")))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--modules");
    }

    private List<Path> visibleEntries() throws IOException {
        try (Stream<Path> entries = Files.list(cacheRoot)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    static Path pinsFile(Path repo, String packageName, String version, String sha256) throws IOException {
        Path file = repo.resolve(KernelPins.FIXTURE);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, """
                gate: {baseline: "6.1", candidate: "6.12"}
                kernels:
                  - package: %s
                    version: %s
                    sha256: %s
                """.formatted(packageName, version, sha256));
    }
}
