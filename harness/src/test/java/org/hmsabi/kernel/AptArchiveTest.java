package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real apt. Index queries read local files only and run with the fast tests wherever apt
 * exists and has an index; the download test is tagged "network" (about 70 MB).
 */
class AptArchiveTest {
    private final AptArchive apt = new AptArchive();

    @BeforeEach
    void needsAptWithAnIndex() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-cache")), "apt-cache is not installed");
        assumeTrue(!apt.kernelImagePackageNames().isEmpty(), "the apt package index is empty (no apt-get update)");
    }

    @Test
    void theIndexListsGenericSixOneAndSixTwelveKernels() {
        KernelIndex index = KernelIndex.of(apt.kernelImagePackageNames());
        assertThat(index.series()).contains("6.1", "6.12");
        assertThat(index.kernels()).allSatisfy(k -> assertThat(k.abi()).doesNotEndWith("-cloud").doesNotEndWith("-rt"));
    }

    @Test
    void describeReadsTheCandidateVersion() {
        String newest = KernelIndex.of(apt.kernelImagePackageNames()).newestIn("6.1").orElseThrow().packageName();
        DebianPackage pkg = apt.describe(newest).orElseThrow();
        assertThat(pkg.name()).isEqualTo(newest);
        assertThat(pkg.version()).startsWith("6.1.");
        assertThat(pkg.sizeBytes()).isGreaterThan(10_000_000L);
    }

    @Test
    void anUnknownPackageIsEmptyNotAnError() {
        assertThat(apt.describe("linux-image-6.1.0-999-amd64-unsigned")).isEmpty();
    }

    @Test
    @Tag("network")
    void fetchesTheNewestSixOneThroughApt(@TempDir Path cacheRoot) throws Exception {
        CountingArchive counting = new CountingArchive(apt);
        KernelPins pins = KernelPins.load(KernelPinsTest.repositoryPins());
        Kernels kernels = new Kernels(counting, new KernelCache(cacheRoot), pins, System.err::println);

        Kernel kernel = kernels.resolve("debian:6.1");

        DebianPackage indexed = apt.describe(kernel.debianPackage().orElseThrow().name()).orElseThrow();
        assertThat(kernel.debianPackage()).contains(indexed);
        assertThat(kernel.release()).matches("6\\.1\\.0-\\d+-amd64");
        assertThat(kernel.image()).isRegularFile().hasFileName("vmlinuz-" + kernel.release());
        assertThat(BzImageHeader.read(kernel.image()).flatMap(BzImageHeader::release)).contains(kernel.release());
        assertThat(kernel.modulesDir()).hasValueSatisfying(dir -> assertThat(dir.resolve("modules.order")).isRegularFile());
        assertThat(kernel.config()).hasValueSatisfying(config -> assertThat(config).content().contains("CONFIG_ACPI_HMAT=y"));
        // The .deb was verified and then dropped; only the unpacked tree stays.
        try (Stream<Path> files = Files.walk(cacheRoot)) {
            assertThat(files.filter(p -> p.toString().endsWith(".deb"))).isEmpty();
        }

        Kernel again = kernels.resolve("debian:6.1");
        assertThat(again.image()).isEqualTo(kernel.image());
        assertThat(counting.downloads).hasValue(1);
    }

    /** Counts downloads, so the test can tell a cache hit from a second fetch. */
    private static final class CountingArchive implements DebianArchive {
        private final DebianArchive delegate;
        final AtomicInteger downloads = new AtomicInteger();

        CountingArchive(DebianArchive delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<String> kernelImagePackageNames() {
            return delegate.kernelImagePackageNames();
        }

        @Override
        public Optional<DebianPackage> describe(String packageName) {
            return delegate.describe(packageName);
        }

        @Override
        public Path download(DebianPackage pkg, Path directory) {
            downloads.incrementAndGet();
            return delegate.download(pkg, directory);
        }

        @Override
        public void unpack(Path deb, Path directory) {
            delegate.unpack(deb, directory);
        }
    }
}
