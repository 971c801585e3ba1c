package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hmsabi.KernelUnavailableException;
import org.hmsabi.kernel.AptConfig.AptSource;
import org.hmsabi.kernel.KernelRef.DebianKernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive moving, with the real apt and dpkg: a local apt repository (a directory of .deb
 * files built with dpkg-deb and its Packages index) read through hmsabi's own apt configuration.
 * It replays 2026-12-02, when Debian replaced linux-kbuild-6.1 6.1.192-2 with 6.1.192-3 and the
 * README's test command failed on a fresh machine, and a pinned kernel leaving the index.
 */
class LocalAptRepositoryTest {
    private static final DebianKernel KERNEL = new DebianKernel("6.1.0-56");
    private static final String RELEASE = "6.1.0-56-amd64";

    @TempDir
    Path dir;

    private Path repo;
    private final Map<String, Path> debs = new LinkedHashMap<>();
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void needsAptAndDpkg() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")) && Files.isExecutable(Path.of("/usr/bin/dpkg-deb")),
                "apt-get and dpkg-deb are needed");
        repo = Files.createDirectories(dir.resolve("repo"));
        Path tree = Files.createDirectories(dir.resolve("trees/image"));
        FakeBzImage.write(tree.resolve("boot/vmlinuz-" + RELEASE), FakeBzImage.withVersion(RELEASE + " (debian-kernel@lists.debian.org) #1"));
        Files.writeString(tree.resolve("boot/config-" + RELEASE), "CONFIG_ACPI_HMAT=y\n");
        Files.writeString(Files.createDirectories(tree.resolve("lib/modules/" + RELEASE)).resolve("modules.order"), "");
        build("linux-image-6.1.0-56-amd64-unsigned", "6.1.192-2", tree);
        Path headers = Files.createDirectories(dir.resolve("trees/headers/usr/src/linux-headers-6.1.0-56-amd64"));
        Files.writeString(headers.resolve("Makefile"), "include /usr/src/linux-headers-6.1.0-56-common/Makefile\n");
        build("linux-headers-6.1.0-56-amd64", "6.1.192-2", dir.resolve("trees/headers"));
        Path common = Files.createDirectories(dir.resolve("trees/common/usr/src/linux-headers-6.1.0-56-common"));
        Files.writeString(common.resolve("Makefile"), "# common\n");
        build("linux-headers-6.1.0-56-common", "6.1.192-2", dir.resolve("trees/common"));
        Files.createDirectories(dir.resolve("trees/kbuild/usr/lib/linux-kbuild-6.1"));
        build("linux-kbuild-6.1", "6.1.192-3", dir.resolve("trees/kbuild"));
        writeIndex();
    }

    /** dpkg-deb --build of a tree with a minimal control file. */
    private void build(String name, String version, Path tree) throws Exception {
        Path control = Files.createDirectories(tree.resolve("DEBIAN")).resolve("control");
        Files.writeString(control, "Package: " + name + "\nVersion: " + version
                + "\nArchitecture: amd64\nMaintainer: hmsabi tests <tests@localhost>\nDescription: test package\n");
        Path deb = repo.resolve(name + "_" + version + "_amd64.deb");
        Process process = new ProcessBuilder("dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        debs.put(name, deb);
    }

    /** The Packages index of the repository: what apt-ftparchive would write, for the .debs still offered. */
    private void writeIndex() throws IOException {
        StringBuilder index = new StringBuilder();
        for (Map.Entry<String, Path> deb : debs.entrySet()) {
            String file = deb.getValue().getFileName().toString();
            index.append("Package: ").append(deb.getKey()).append('\n')
                    .append("Version: ").append(file.split("_")[1]).append('\n')
                    .append("Architecture: amd64\n")
                    .append("Filename: ./").append(file).append('\n')
                    .append("Size: ").append(Files.size(deb.getValue())).append('\n')
                    .append("SHA256: ").append(Sha256.of(deb.getValue())).append('\n')
                    .append("Description: test package\n\n");
        }
        Files.writeString(repo.resolve("Packages"), index);
    }

    private AptArchive archive() {
        AptConfig config = new AptConfig(dir.resolve("apt"), List.of(new AptSource("file:" + repo, "./", List.of(), List.of("trusted=yes"))),
                Duration.ofHours(12));
        return new AptArchive(config, progress::add);
    }

    /** Pins as they were on 2026-11-25: the kernel and its headers, kbuild at 6.1.192-2. */
    private KernelPins pins() throws IOException {
        String image = Sha256.of(debs.get("linux-image-6.1.0-56-amd64-unsigned"));
        Path file = Files.createDirectories(dir.resolve("checkout/fixtures")).resolve("kernels.yaml");
        Files.writeString(file, """
                gate: {baseline: "6.1", candidate: "6.1"}
                kernels:
                  - kernel: debian:6.1.0-56
                    packages: [{package: linux-image-6.1.0-56-amd64-unsigned, version: 6.1.192-2, sha256: %s}]
                headers:
                  - {package: linux-headers-6.1.0-56-amd64, version: 6.1.192-2, sha256: %s}
                  - {package: linux-headers-6.1.0-56-common, version: 6.1.192-2, sha256: %s}
                  - {package: linux-kbuild-6.1, version: 6.1.192-2, sha256: %s}
                """.formatted(image, Sha256.of(debs.get("linux-headers-6.1.0-56-amd64")),
                Sha256.of(debs.get("linux-headers-6.1.0-56-common")), "7e852381f1c455a439230ea3261e3669f2307afdbed57db0fc08ed8ffa689f60"));
        return KernelPins.load(file);
    }

    @Test
    void aReplacedKbuildMakesTheHeadersUnavailableUntilRePinnedAndTheKernelStillBoots() throws Exception {
        KernelPins pins = pins();
        Kernel kernel = new Kernels(archive(), new KernelCache(dir.resolve("cache/kernels")), pins, progress::add).resolve(KERNEL);
        assertThat(kernel.release()).isEqualTo(RELEASE);
        assertThat(kernel.config()).hasValueSatisfying(config -> assertThat(config).content().contains("CONFIG_ACPI_HMAT=y"));

        KernelHeaders headers = new KernelHeaders(archive(), dir.resolve("cache/headers"), pins, progress::add);
        assertThatThrownBy(() -> headers.buildDirectory(KERNEL))
                .isInstanceOf(KernelUnavailableException.class)
                .hasMessageContaining("linux-kbuild-6.1 6.1.192-2, pinned in ")
                .hasMessageContaining("has left the package index");

        KernelPinner pinner = new KernelPinner(archive(), pins);
        assertThat(pinner.pin(KERNEL, Optional.empty())).containsExactly("linux-kbuild-6.1 6.1.192-2 -> 6.1.192-3");
        pinner.result().save();
        KernelPins repinned = KernelPins.load(dir.resolve("checkout/fixtures/kernels.yaml"));
        assertThat(repinned.headersPinFor("linux-kbuild-6.1")).hasValueSatisfying(pin -> assertThat(pin.version()).isEqualTo("6.1.192-3"));
        Path build = new KernelHeaders(archive(), dir.resolve("cache/headers"), repinned, progress::add).buildDirectory(KERNEL);
        assertThat(build.resolve("Makefile")).content().contains(dir.resolve("cache/headers").toString());
    }

    @Test
    void aPinnedKernelTheIndexDroppedIsServedFromTheCacheAndIsUnavailableWithoutIt() throws Exception {
        KernelPins pins = pins();
        Kernel fetched = new Kernels(archive(), new KernelCache(dir.resolve("cache/kernels")), pins, progress::add).resolve(KERNEL);

        // Debian publishes 6.1.0-57: 6.1.0-56 leaves the index.
        debs.remove("linux-image-6.1.0-56-amd64-unsigned");
        writeIndex();
        AptArchive moved = archive();
        moved.config().expire();
        assertThat(moved.describe("linux-image-6.1.0-56-amd64-unsigned")).isEmpty();

        Kernel cached = new Kernels(moved, new KernelCache(dir.resolve("cache/kernels")), pins, progress::add).resolve(KERNEL);
        assertThat(cached.image()).isEqualTo(fetched.image());

        assertThatThrownBy(() -> new Kernels(moved, new KernelCache(dir.resolve("empty-cache/kernels")), pins, progress::add).resolve(KERNEL))
                .isInstanceOf(KernelUnavailableException.class)
                .hasMessageStartingWith("debian:6.1.0-56: linux-image-6.1.0-56-amd64-unsigned 6.1.192-2, pinned in ")
                .hasMessageEndingWith("run 'hmsabi kernels pin debian:6.1' to pin the newest of its series");

        String withCache = ArchiveListing.of(moved, new KernelCache(dir.resolve("cache/kernels")), pins).table(List.of());
        String withoutCache = ArchiveListing.of(moved, new KernelCache(dir.resolve("empty-cache/kernels")), pins).table(List.of());
        assertThat(withCache).containsPattern("debian:6\\.1\\.0-56 +6\\.1 +unsigned +pinned +cached +cached-only");
        assertThat(withoutCache).containsPattern("debian:6\\.1\\.0-56 +6\\.1 +unsigned +pinned +- +unavailable")
                .contains("0 fetchable kernels");
    }

    @Test
    void aNewerKernelOrANewSeriesInTheIndexIsNamedAsNotFollowedUntilPinned() throws Exception {
        KernelPins pins = pins();
        ArchiveListing now = ArchiveListing.of(archive(), new KernelCache(dir.resolve("cache/kernels")), pins);
        assertThat(now.behind(List.of())).isEmpty();
        assertThat(now.table(List.of())).endsWith("following: the newest kernel the archive offers in each series is pinned\n");

        // Debian publishes 6.1.0-57 beside 6.1.0-56, and a first kernel of a new series.
        build("linux-image-6.1.0-57-amd64-unsigned", "6.1.193-1", dir.resolve("trees/image"));
        build("linux-image-7.4.1+deb14-amd64", "7.4.1-1", dir.resolve("trees/image"));
        writeIndex();
        AptArchive moved = archive();
        moved.config().expire();
        ArchiveListing later = ArchiveListing.of(moved, new KernelCache(dir.resolve("cache/kernels")), pins);
        assertThat(later.behind(List.of())).containsExactly(
                new ArchiveListing.Behind("6.1", Optional.of(KERNEL), new DebianKernel("6.1.0-57")),
                new ArchiveListing.Behind("7.4", Optional.empty(), new DebianKernel("7.4.1+deb14")));
        assertThat(later.behindText(List.of("6.1"))).isEqualTo("behind: series 6.1: the archive offers debian:6.1.0-57, newer than "
                + "the pinned debian:6.1.0-56; run 'hmsabi kernels pin debian:6.1' and record its golden files\n");

        KernelPinner pinner = new KernelPinner(moved, pins);
        pinner.pin(new DebianKernel("6.1.0-57"), Optional.empty());
        pinner.result().save();
        KernelPins repinned = KernelPins.load(dir.resolve("checkout/fixtures/kernels.yaml"));
        assertThat(ArchiveListing.of(moved, new KernelCache(dir.resolve("cache/kernels")), repinned).behind(List.of()))
                .extracting(ArchiveListing.Behind::series).containsExactly("7.4");
    }
}
