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
import org.hmsabi.KernelUnavailableException;
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
        assertThat(archive.searches).as("one search of the index tells its packaging").hasValue(1);
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
                .hasMessage("debian:6.1.0-99: no kernel 6.1.0-99 in the package index or the cache;"
                        + " pick one of: 6.1.0-9, 6.1.0-47, 6.1.0-55, 6.1.0-56"
                        + " (or debian:6.1 for the newest) ('hmsabi kernels list' shows them all)");
    }

    @Test
    void anUnknownAbiOfAnUnknownSeriesListsTheSeries() {
        assertThatThrownBy(() -> kernels().resolve("debian:5.10.0-30"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("debian:5.10.0-30: no kernel 5.10.0-30")
                .hasMessageContaining("pick one of: series debian:6.1, debian:6.12");
    }

    @Test
    void anUnknownSeriesIsBadInput() {
        assertThatThrownBy(() -> kernels().resolve("debian:6.6"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("debian:6.6: the package index has no 6.6 kernels; available: debian:6.1, debian:6.12");
    }

    @Test
    void anEmptyIndexNamesTheSuitesAndTheMirror() {
        Kernels kernels = new Kernels(new FakeDebianArchive(), new KernelCache(cacheRoot), KernelPins.none(), progress::add);
        assertThatThrownBy(() -> kernels.resolve("debian:6.12"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("debian:6.12: ")
                .hasMessageContaining("lists no Debian kernel packages; check the suites");
        assertThatThrownBy(() -> kernels.resolve("debian:6.1.0-56"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("network access to the Debian mirror");
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
    void aPinnedAndCachedKernelNeedsNoIndex(@TempDir Path repo) throws IOException {
        DebianPackage pkg = archive.packageOf("6.1.0-56");
        KernelPins pins = KernelPins.load(pinsFile(repo, pkg.name(), pkg.version(), pkg.sha256()));
        Kernel first = kernels(pins).resolve("debian:6.1.0-56");
        archive.dropping(pkg.name());
        int searches = archive.searches.get();

        Kernel again = kernels(pins).resolve("debian:6.1.0-56");

        assertThat(again.image()).isEqualTo(first.image());
        assertThat(archive.searches).as("no index needed").hasValue(searches);
        assertThat(archive.downloads).hasValue(1);
    }

    @Test
    void aPinnedKernelTheIndexDroppedIsUnavailableUnlessCached(@TempDir Path repo) throws IOException {
        DebianPackage pkg = archive.packageOf("6.1.0-56");
        KernelPins pins = KernelPins.load(pinsFile(repo, pkg.name(), "6.1.192-1", "0".repeat(64)));

        assertThatThrownBy(() -> kernels(pins).resolve("debian:6.1.0-56"))
                .isInstanceOf(KernelUnavailableException.class)
                .hasMessage("debian:6.1.0-56: linux-image-6.1.0-56-amd64-unsigned 6.1.192-1, pinned in "
                        + repo.resolve(KernelPins.FIXTURE) + ", has left the package index and is not cached;"
                        + " the kernel is unavailable: run 'hmsabi kernels pin debian:6.1' to pin the newest of its series")
                .satisfies(e -> assertThat(((KernelUnavailableException) e).exitCode()).isEqualTo(4));
        assertThat(archive.downloads).hasValue(0);
        assertThat(visibleEntries()).isEmpty();
    }

    @Test
    void anUnpinnedKernelTheIndexDroppedIsUsedFromTheCache() {
        Kernel first = kernels().resolve("debian:6.12.115+deb12");
        archive.dropping("linux-image-6.12.115+deb12-amd64-unsigned");

        Kernel again = kernels().resolve("debian:6.12.115+deb12");

        assertThat(again.image()).isEqualTo(first.image());
        assertThat(progress).last().asString().contains("no longer lists it; using the verified copy in the cache");
    }

    @Test
    void theSignedPackagingOfTrixieResolves() {
        archive.withSigned("6.18.15+deb13", "6.18.15-1~bpo13+1");
        Kernel kernel = kernels().resolve("debian:6.18");
        assertThat(kernel.exactReference()).isEqualTo("debian:6.18.15+deb13");
        assertThat(kernel.debianPackage().orElseThrow().name()).isEqualTo("linux-image-6.18.15+deb13-amd64");
        assertThat(kernel.modulesDir()).isPresent();
        assertThat(kernel.missingPackages()).isEmpty();
    }

    @Test
    void aSplitKernelFetchesBinaryModulesAndBaseIntoOneEntry() {
        archive.withSplit("7.3.4+deb13", "7.3.4-1~bpo13+1", true, true);
        Kernel kernel = kernels().resolve("debian:latest");

        assertThat(kernel.exactReference()).isEqualTo("debian:7.3.4+deb13");
        assertThat(kernel.release()).isEqualTo("7.3.4+deb13-amd64");
        assertThat(kernel.image()).hasFileName("vmlinuz").isRegularFile();
        assertThat(kernel.modulesDir()).hasValueSatisfying(dir -> assertThat(dir.resolve("kernel/drivers/virtio_mem.ko.xz")).isRegularFile());
        assertThat(kernel.config()).hasValueSatisfying(config -> assertThat(config).hasFileName("config"));
        assertThat(kernel.missingPackages()).isEmpty();
        assertThat(kernel.modulesMissingReason()).isEmpty();
        assertThat(archive.downloads).hasValue(3);
        assertThat(progress).last().asString().contains("linux-binary-7.3.4+deb13-amd64 7.3.4-1~bpo13+1, "
                + "linux-modules-7.3.4+deb13-amd64 7.3.4-1~bpo13+1, linux-base-7.3.4+deb13-amd64 7.3.4-1~bpo13+1");
    }

    @Test
    void aSplitKernelWithoutItsModulesPackageBootsWithItsBuiltInDriversAndSaysSo() {
        archive.withSplit("6.19.14+deb13", "6.19.14-1~bpo13+1", false, false);
        Kernel kernel = kernels().resolve("debian:6.19");

        assertThat(kernel.image()).hasFileName("vmlinuz-6.19.14+deb13-amd64");
        assertThat(kernel.modulesDir()).isEmpty();
        assertThat(kernel.missingPackages()).containsExactly("linux-modules-6.19.14+deb13-amd64", "linux-base-6.19.14+deb13-amd64");
        assertThat(kernel.modulesMissingReason()).hasValue("the package index does not offer linux-modules-6.19.14+deb13-amd64,"
                + " so debian:6.19.14+deb13 has only its built-in drivers");
        assertThat(progress).first().asString().contains("does not offer linux-modules-6.19.14+deb13-amd64, linux-base-6.19.14+deb13-amd64");
    }

    @Test
    void aSplitKernelPinnedWithoutItsModulesPackageKnowsItLacksThem(@TempDir Path repo) throws IOException {
        archive.withSplit("6.19.14+deb13", "6.19.14-1~bpo13+1", false, false);
        DebianPackage binary = archive.describe("linux-binary-6.19.14+deb13-amd64").orElseThrow();
        KernelPins pins = KernelPins.load(pinsFile(repo, binary.name(), binary.version(), binary.sha256()));

        Kernel fetched = kernels(pins).resolve("debian:6.19.14+deb13");
        Kernel cached = kernels(pins).resolve("debian:6.19.14+deb13");

        for (Kernel kernel : List.of(fetched, cached)) {
            assertThat(kernel.modulesMissingReason()).as("from the pin, fetched and cached")
                    .hasValueSatisfying(reason -> assertThat(reason).contains("linux-modules-6.19.14+deb13-amd64"));
        }
        assertThat(archive.downloads).hasValue(1);
    }

    @Test
    void theUpstreamVersionComesFromThePackageVersion() {
        assertThat(kernels().resolve("debian:6.1.0-56").upstreamVersion()).isEqualTo("6.1.192");
        assertThat(kernels().resolve("debian:6.12.117+deb12").upstreamVersion()).isEqualTo("6.12.117");
        archive.withSplit("7.3.4+deb13", "7.3.4-1~bpo13+1", true, true);
        assertThat(kernels().resolve("debian:7.3").upstreamVersion()).isEqualTo("7.3.4");
    }

    @Test
    void aDamagedCachedImageIsFetchedAgain() throws IOException {
        Kernel first = kernels().resolve("debian:6.1.0-56");
        byte[] image = Files.readAllBytes(first.image());
        image[image.length / 2] ^= 0x55;
        Files.write(first.image(), image);

        Kernel again = kernels().resolve("debian:6.1.0-56");

        assertThat(archive.downloads).hasValue(2);
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("is damaged (boot/vmlinuz-6.1.0-56-amd64 has another SHA-256"));
        assertThat(Files.readAllBytes(again.image())).isNotEqualTo(image);
    }

    @Test
    void aDamagedModuleIsFoundByTheFullCheckAfterAFailedBoot() throws IOException {
        Kernels kernels = kernels();
        Kernel kernel = kernels.resolve("debian:6.1.0-56");
        Path module = kernel.modulesDir().orElseThrow().resolve("kernel/drivers/virtio_console.ko");
        Files.writeString(module, "MODULE"); // same size: only a checksum tells

        assertThat(kernels.resolve("debian:6.1.0-56").image()).isEqualTo(kernel.image());
        assertThat(archive.downloads).as("the quick check does not read modules").hasValue(1);
        assertThat(kernels.checkAfterFailedBoot(kernel))
                .hasValueSatisfying(damage -> assertThat(damage).contains("kernel/drivers/virtio_console.ko has another SHA-256"));
        kernels.resolve("debian:6.1.0-56");
        assertThat(archive.downloads).as("the damaged entry was removed and fetched again").hasValue(2);
        assertThat(kernels.checkAfterFailedBoot(kernels.resolve("debian:6.1.0-56"))).isEmpty();
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
                  - kernel: "debian:%s"
                    packages: [{package: %s, version: %s, sha256: %s}]
                """.formatted(DebianKernelPackages.kernelAbiOf(packageName).orElseThrow(), packageName, version, sha256));
    }
}
