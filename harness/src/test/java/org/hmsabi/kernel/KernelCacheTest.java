package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hmsabi.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCacheTest {
    private static final DebianPackage PKG = new DebianPackage("linux-image-6.1.0-56-amd64-unsigned", "6.1.192-2",
            "530631662c9ad84758eca2d7609cf40623309afd4bccbeb563f33e9c7f220bdf", 70560688L);

    @TempDir
    Path root;

    /** What a populator minimally leaves: an image and a modules dir, release 6.1.0-56-amd64. */
    static KernelTree populateMinimal(Path entry, String marker) throws IOException {
        FakeBzImage.write(entry.resolve("boot/vmlinuz-6.1.0-56-amd64"), FakeBzImage.withVersion("6.1.0-56-amd64 #1"));
        Files.createDirectories(entry.resolve("lib/modules/6.1.0-56-amd64"));
        Files.writeString(entry.resolve("marker"), marker);
        return new KernelTree("6.1.0-56-amd64", Path.of("boot/vmlinuz-6.1.0-56-amd64"),
                Optional.of(Path.of("lib/modules/6.1.0-56-amd64")), Optional.empty());
    }

    @Test
    void anEntryIsItsPackageDirectoryWithAManifest() throws IOException {
        CachedKernel entry = new KernelCache(root).install(PKG, (dir, scratch) -> populateMinimal(dir, "x"));

        Path expected = root.resolve("linux-image-6.1.0-56-amd64-unsigned_6.1.192-2");
        assertThat(entry.directory()).isEqualTo(expected);
        assertThat(expected.resolve(KernelCache.MANIFEST)).content()
                .contains("\"package\":\"linux-image-6.1.0-56-amd64-unsigned\"")
                .contains("\"version\":\"6.1.192-2\"")
                .contains("\"sha256\":\"" + PKG.sha256() + "\"")
                .contains("\"release\":\"6.1.0-56-amd64\"")
                .contains("\"image\":\"boot/vmlinuz-6.1.0-56-amd64\"")
                .contains("\"modules\":\"lib/modules/6.1.0-56-amd64\"")
                .contains("\"marker\":{\"size\":1,\"sha256\":")
                .doesNotContain("config");
        assertThat(new KernelCache(root).find(PKG)).contains(entry);
        assertThat(entry.toKernel("debian:6.1").image()).isEqualTo(expected.resolve("boot/vmlinuz-6.1.0-56-amd64"));
    }

    @Test
    void anEntryWrittenBeforeFileChecksumsIsUpgradedInPlace() throws IOException {
        CachedKernel entry = new KernelCache(root).install(PKG, (dir, scratch) -> populateMinimal(dir, "x"));
        Files.writeString(entry.directory().resolve(KernelCache.MANIFEST), """
                {"schema":1,"package":"%s","version":"%s","sha256":"%s","sizeBytes":1,"release":"6.1.0-56-amd64",
                 "image":"boot/vmlinuz-6.1.0-56-amd64","modules":"lib/modules/6.1.0-56-amd64"}
                """.formatted(PKG.name(), PKG.version(), PKG.sha256()));

        KernelCache cache = new KernelCache(root);
        CachedKernel upgraded = cache.find(PKG).orElseThrow();

        assertThat(upgraded.tree()).isEqualTo(entry.tree());
        assertThat(cache.check(upgraded, KernelCache.Depth.FULL)).isEmpty();
        assertThat(entry.directory().resolve(KernelCache.MANIFEST)).content().contains("\"schema\":2");
    }

    @Test
    void aFailedBuildLeavesNoEntry() {
        KernelCache cache = new KernelCache(root);
        assertThatThrownBy(() -> cache.install(PKG, (dir, scratch) -> {
            populateMinimal(dir, "half");
            Files.writeString(scratch.resolve("download.deb"), "partial");
            throw new InfrastructureException("network went away");
        })).hasMessage("network went away");

        assertThat(cache.find(PKG)).isEmpty();
        assertThat(root.resolve("linux-image-6.1.0-56-amd64-unsigned_6.1.192-2")).doesNotExist();
        assertThat(root.resolve(".staging")).isEmptyDirectory();
    }

    @Test
    void theEntryAppearsOnlyOnceComplete() throws IOException {
        KernelCache cache = new KernelCache(root);
        Path target = cache.entryDirectory(PKG);
        List<Boolean> visibleDuringBuild = new ArrayList<>();
        cache.install(PKG, (dir, scratch) -> {
            KernelTree tree = populateMinimal(dir, "x");
            visibleDuringBuild.add(Files.exists(target) || cache.find(PKG).isPresent());
            return tree;
        });
        assertThat(visibleDuringBuild).containsExactly(false);
        assertThat(cache.find(PKG)).isPresent();
    }

    @Test
    void whatACrashLeavesBehindIsNotAnEntryAndIsCleanedUp() throws IOException {
        // A crashed builder's staging directory, and a directory that lost its manifest.
        Files.createDirectories(root.resolve(".staging/linux-image-6.1.0-56-amd64-unsigned_6.1.192-2/entry/boot"));
        Path stale = Files.writeString(Files.createDirectories(root.resolve("linux-image-6.1.0-56-amd64-unsigned_6.1.192-2/boot"))
                .resolve("vmlinuz-half-written"), "");
        KernelCache cache = new KernelCache(root);
        assertThat(cache.find(PKG)).isEmpty();

        CachedKernel entry = cache.install(PKG, (dir, scratch) -> populateMinimal(dir, "fresh"));

        assertThat(entry.directory().resolve("marker")).hasContent("fresh");
        assertThat(stale).doesNotExist();
        assertThat(root.resolve(".staging")).isEmptyDirectory();
    }

    @Test
    void anUnreadableManifestIsAMiss() throws IOException {
        KernelCache cache = new KernelCache(root);
        CachedKernel entry = cache.install(PKG, (dir, scratch) -> populateMinimal(dir, "x"));
        Files.writeString(entry.directory().resolve(KernelCache.MANIFEST), "{ truncated");
        assertThat(cache.find(PKG)).isEmpty();
    }

    @Test
    void aManifestPointingOutsideItsEntryIsAMiss() throws IOException {
        KernelCache cache = new KernelCache(root);
        CachedKernel entry = cache.install(PKG, (dir, scratch) -> populateMinimal(dir, "x"));
        Path manifest = entry.directory().resolve(KernelCache.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("boot/vmlinuz-6.1.0-56-amd64", "../../../etc/passwd"));
        assertThat(cache.find(PKG)).isEmpty();
    }

    @Test
    void aCachedChecksumThatNoLongerMatchesTheIndexIsAnError() {
        KernelCache cache = new KernelCache(root);
        cache.install(PKG, (dir, scratch) -> populateMinimal(dir, "x"));
        DebianPackage changed = new DebianPackage(PKG.name(), PKG.version(), "f".repeat(64), PKG.sizeBytes());
        assertThatThrownBy(() -> cache.find(changed))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining(PKG.sha256())
                .hasMessageContaining("f".repeat(64));
    }

    @Test
    void anEpochIsKeptOutOfTheDirectoryName() {
        DebianPackage withEpoch = new DebianPackage(PKG.name(), "1:6.1.192-2", PKG.sha256(), 1);
        assertThat(new KernelCache(root).entryDirectory(withEpoch))
                .hasFileName("linux-image-6.1.0-56-amd64-unsigned_1%3a6.1.192-2");
    }

    @Test
    void concurrentBuildersInOneJvmBuildOnce() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CachedKernel>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // Separate instances, as separate commands in one JVM would have.
                KernelCache cache = new KernelCache(root);
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.install(PKG, (dir, scratch) -> {
                        builds.incrementAndGet();
                        return populateMinimal(dir, "x");
                    });
                }));
            }
            start.countDown();
            for (Future<CachedKernel> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS).directory()).isEqualTo(new KernelCache(root).entryDirectory(PKG));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(builds).hasValue(1);
    }

    @Test
    void aSecondProcessWaitsForTheFirstAndReusesItsEntry() throws Exception {
        Path started = root.resolve("../started-" + System.nanoTime()).normalize();
        Path go = root.resolve("../go-" + System.nanoTime()).normalize();
        Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                CacheEntryBuilderMain.class.getName(), root.toString(), PKG.name(), PKG.version(), PKG.sha256(),
                started.toString(), go.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started));

            List<String> progress = new ArrayList<>();
            AtomicInteger builds = new AtomicInteger();
            KernelCache cache = new KernelCache(root, line -> {
                synchronized (progress) {
                    progress.add(line);
                }
            });
            CompletableFuture<CachedKernel> waiting = CompletableFuture.supplyAsync(() -> cache.install(PKG, (dir, scratch) -> {
                builds.incrementAndGet();
                return populateMinimal(dir, "from-parent");
            }));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
            Files.createFile(go);

            CachedKernel entry = waiting.get(60, TimeUnit.SECONDS);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
            assertThat(builds).hasValue(0);
            assertThat(entry.directory().resolve("marker")).hasContent("from-child");
            synchronized (progress) {
                assertThat(progress).containsExactly("waiting for another hmsabi process to finish fetching "
                        + PKG.nameAndVersion());
            }
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(started);
            Files.deleteIfExists(go);
        }
    }

    @Test
    void theRootFollowsTheCacheDirOptionThenHmsabiCacheThenXdgThenHome() {
        Map<String, String> env = Map.of("HMSABI_CACHE", "/srv/hmsabi", "XDG_CACHE_HOME", "/xdg", "HOME", "/home/u");
        assertThat(KernelCache.locateRoot(Optional.of(Path.of("/opt/c")), env)).isEqualTo(Path.of("/opt/c/kernels"));
        assertThat(KernelCache.locateRoot(Optional.empty(), env)).isEqualTo(Path.of("/srv/hmsabi/kernels"));
        assertThat(KernelCache.locateRoot(Optional.empty(), Map.of("XDG_CACHE_HOME", "/xdg", "HOME", "/home/u")))
                .isEqualTo(Path.of("/xdg/hmsabi/kernels"));
        assertThat(KernelCache.locateRoot(Optional.empty(), Map.of("XDG_CACHE_HOME", "relative", "HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.cache/hmsabi/kernels"));
        assertThat(KernelCache.locateRoot(Optional.empty(), Map.of("HOME", "/home/u")))
                .isEqualTo(Path.of("/home/u/.cache/hmsabi/kernels"));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
