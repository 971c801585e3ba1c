package org.hmsabi.kernel;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM by {@link KernelCacheTest}: builds one cache entry, announcing the start of
 * the build with a file and finishing only once the test creates another, so the test can race
 * a second builder against it.
 *
 * <p>Arguments: cache root, package name, version, sha256, started-file, go-file.
 */
public final class CacheEntryBuilderMain {
    private CacheEntryBuilderMain() {}

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        DebianPackage pkg = new DebianPackage(args[1], args[2], args[3], 1);
        Path started = Path.of(args[4]);
        Path go = Path.of(args[5]);
        new KernelCache(root).install(pkg, (entry, scratch) -> {
            Files.createFile(started);
            await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(go));
            return KernelCacheTest.populateMinimal(entry, "from-child");
        });
    }
}
