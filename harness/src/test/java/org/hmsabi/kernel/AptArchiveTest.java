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
 * The real apt through hmsabi's own configuration in the user's hmsabi cache (the package lists
 * are read from the Debian mirror once, then reused for hours); the download test is tagged
 * "network" (about 70 MB).
 */
class AptArchiveTest {
    private final AptArchive apt = Kernels.archive(org.hmsabi.Workspace.locate(Optional.empty()).cacheRoot(),
            KernelPins.load(KernelPinsTest.repositoryPins()), System.getenv(), System.err::println);

    @BeforeEach
    void needsApt() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-cache")), "apt-cache is not installed");
    }

    @Test
    void theArchiveOffersEverySeriesFromSixOneToSevenThreeInEveryPackaging() {
        KernelIndex index = KernelIndex.of(apt.kernelPackageNames());
        assertThat(index.series()).contains("6.1", "6.12", "6.16", "6.17", "6.18", "6.19", "7.0", "7.1", "7.2", "7.3");
        assertThat(index.kernels()).hasSizeGreaterThanOrEqualTo(25)
                .allSatisfy(k -> assertThat(k.abi()).doesNotEndWith("-cloud").doesNotEndWith("-rt"));
        assertThat(index.kernels().stream().map(k -> index.packaging(k).orElseThrow().form()).distinct())
                .contains(KernelPackaging.Form.UNSIGNED, KernelPackaging.Form.SIGNED, KernelPackaging.Form.SPLIT);
        KernelPackaging newest = index.packaging(index.newestIn("7.3").orElseThrow()).orElseThrow();
        assertThat(newest.packages()).first().asString().startsWith("linux-binary-7.3.");
    }

    @Test
    void aVersionTheIndexDoesNotHaveIsEmpty() {
        String kbuild = "linux-kbuild-6.1";
        DebianPackage candidate = apt.describe(kbuild).orElseThrow();
        assertThat(apt.describe(kbuild, candidate.version())).contains(candidate);
        assertThat(apt.describe(kbuild, "6.1.0-0")).isEmpty();
    }

    @Test
    void describeReadsTheCandidateVersion() {
        KernelIndex index = KernelIndex.of(apt.kernelPackageNames());
        String newest = index.packaging(index.newestIn("6.1").orElseThrow()).orElseThrow().imagePackage();
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
        Kernels kernels = new Kernels(counting, new KernelCache(cacheRoot), KernelPins.none(), System.err::println);

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
        public List<String> kernelPackageNames() {
            return delegate.kernelPackageNames();
        }

        @Override
        public Optional<DebianPackage> describe(String packageName, String version) {
            return delegate.describe(packageName, version);
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
