package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.hmsabi.InfrastructureException;
import org.hmsabi.kernel.KernelRef.DebianKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelHeadersTest {
    private static final DebianKernel BACKPORT = new DebianKernel("6.12.117+deb12");

    /** Three headers packages whose .deb is their name; unpacking lays out Debian's tree. */
    private static final class FakeHeadersArchive implements DebianArchive {
        final AtomicInteger downloads = new AtomicInteger();
        final List<String> corrupted = new ArrayList<>();

        @Override
        public List<String> kernelPackageNames() {
            return List.of();
        }

        @Override
        public Optional<DebianPackage> describe(String name, String version) {
            return describe(name).filter(pkg -> pkg.version().equals(version));
        }

        @Override
        public Optional<DebianPackage> describe(String name) {
            byte[] content = name.getBytes(StandardCharsets.UTF_8);
            return Optional.of(new DebianPackage(name, "6.12.117-1~deb12u1", FakeDebianArchive.sha256(content), content.length));
        }

        @Override
        public Path download(DebianPackage pkg, Path directory) {
            downloads.incrementAndGet();
            try {
                return Files.writeString(directory.resolve(pkg.name() + "_amd64.deb"),
                        corrupted.contains(pkg.name()) ? "tampered" : pkg.name());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void unpack(Path deb, Path directory) {
            try {
                String name = Files.readString(deb);
                Path src = Files.createDirectories(directory.resolve("usr/src").resolve(name));
                if (name.endsWith("-amd64")) {
                    Files.writeString(src.resolve("Makefile"), "include /usr/src/linux-headers-6.12.117+deb12-common/Makefile\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void bookwormKernelsShareOneKbuildBackportsHaveTheirOwn() {
        assertThat(KernelHeaders.packageNames(new DebianKernel("6.1.0-56"))).containsExactly(
                "linux-headers-6.1.0-56-amd64", "linux-headers-6.1.0-56-common", "linux-kbuild-6.1");
        assertThat(KernelHeaders.packageNames(BACKPORT)).containsExactly("linux-headers-6.12.117+deb12-amd64",
                "linux-headers-6.12.117+deb12-common", "linux-kbuild-6.12.117+deb12");
    }

    @Test
    void theHeadersAreFetchedOnceAndIncludeTheirCachedCommonPart(@TempDir Path cache) throws IOException {
        FakeHeadersArchive archive = new FakeHeadersArchive();
        KernelHeaders headers = new KernelHeaders(archive, cache, KernelPins.none(), line -> {});

        Path build = headers.buildDirectory(BACKPORT);

        assertThat(build).isEqualTo(cache.resolve("6.12.117+deb12/usr/src/linux-headers-6.12.117+deb12-amd64"));
        assertThat(Files.readString(build.resolve("Makefile")))
                .isEqualTo("include " + cache.resolve("6.12.117+deb12/usr/src") + "/linux-headers-6.12.117+deb12-common/Makefile\n");
        assertThat(cache.resolve("6.12.117+deb12/usr/src/linux-kbuild-6.12.117+deb12")).isDirectory();
        assertThat(headers.buildDirectory(BACKPORT)).isEqualTo(build);
        assertThat(archive.downloads).hasValue(3);
    }

    @Test
    void aDownloadThatDiffersFromTheIndexLeavesNothing(@TempDir Path cache) {
        FakeHeadersArchive archive = new FakeHeadersArchive();
        archive.corrupted.add("linux-headers-6.12.117+deb12-common");

        assertThatThrownBy(() -> new KernelHeaders(archive, cache, KernelPins.none(), line -> {}).buildDirectory(BACKPORT))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("debian:6.12.117+deb12: downloaded linux-headers-6.12.117+deb12-common_amd64.deb has SHA-256");
        assertThat(cache.resolve("6.12.117+deb12")).doesNotExist();
    }

    @Test
    void anIndexThatDiffersFromThePinsIsRefused(@TempDir Path dir) throws IOException {
        Path pinsFile = Files.writeString(dir.resolve("kernels.yaml"), """
                kernels:
                  - kernel: debian:6.12.117+deb12
                    packages: [{package: linux-image-6.12.117+deb12-amd64-unsigned, version: 6.12.117-1~deb12u1, sha256: %s}]
                headers:
                  - {package: linux-kbuild-6.12.117+deb12, version: 6.12.117-1~deb12u1, sha256: %s}
                """.formatted("a".repeat(64), "b".repeat(64)));
        KernelHeaders headers = new KernelHeaders(new FakeHeadersArchive(), dir.resolve("cache"), KernelPins.load(pinsFile), line -> {});

        assertThatThrownBy(() -> headers.buildDirectory(BACKPORT))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("linux-kbuild-6.12.117+deb12 6.12.117-1~deb12u1 has SHA-256 ")
                .hasMessageContaining("pins " + "b".repeat(64));
    }

    /** Debian replaced linux-kbuild-6.1 6.1.192-2 with -3 on 2026-12-02: a named condition, not a crash. */
    @Test
    void aPinnedHeadersPackageTheIndexDroppedMakesTheHeadersUnavailable(@TempDir Path dir) throws IOException {
        Path pinsFile = Files.writeString(dir.resolve("kernels.yaml"), """
                kernels:
                  - kernel: debian:6.12.117+deb12
                    packages: [{package: linux-image-6.12.117+deb12-amd64-unsigned, version: 6.12.117-1~deb12u1, sha256: %s}]
                headers:
                  - {package: linux-kbuild-6.12.117+deb12, version: 6.12.117-1~deb12u0, sha256: %s}
                """.formatted("a".repeat(64), "b".repeat(64)));
        FakeHeadersArchive archive = new FakeHeadersArchive();
        KernelHeaders headers = new KernelHeaders(archive, dir.resolve("cache"), KernelPins.load(pinsFile), line -> {});

        assertThatThrownBy(() -> headers.buildDirectory(BACKPORT))
                .isInstanceOf(org.hmsabi.KernelUnavailableException.class)
                .hasMessageStartingWith("debian:6.12.117+deb12: linux-kbuild-6.12.117+deb12 6.12.117-1~deb12u0, pinned in ")
                .hasMessageContaining("has left the package index")
                .hasMessageContaining("hmsabi kernels pin debian:6.12.117+deb12")
                .satisfies(e -> assertThat(((org.hmsabi.HmsabiException) e).exitCode()).isEqualTo(4));
        assertThat(dir.resolve("cache/6.12.117+deb12")).doesNotExist();
    }

    @Test
    void theRepositoryPinsTheHeadersOfBothDefaultKernels() {
        KernelPins pins = KernelPins.load(KernelPins.find(Path.of("")).orElseThrow());
        for (KernelPin kernel : List.of(pins.defaults().baseline(), pins.defaults().candidate())) {
            assertThat(KernelHeaders.packageNames(kernel.kernel()))
                    .allSatisfy(name -> assertThat(pins.headersPinFor(name)).as(name)
                            .isPresent());
        }
    }
}
