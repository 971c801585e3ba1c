package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedStampTest {
    private static final String IMAGE = "boot/vmlinuz";

    @TempDir
    Path entry;

    private String writeImage(String content) throws IOException {
        Path image = entry.resolve(IMAGE);
        Files.createDirectories(image.getParent());
        Files.writeString(image, content);
        return Sha256.of(image);
    }

    /** Returns once the file system's clock has moved on from {@code file}'s change time. */
    private static void afterTheNextTick(Path file) throws IOException {
        Object changed = Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        Path probe = Files.createTempFile(file.getParent(), "tick", "");
        while (Files.getAttribute(probe, "unix:ctime", LinkOption.NOFOLLOW_LINKS).equals(changed)) {
            Files.writeString(probe, "tick");
            Thread.onSpinWait();
        }
        Files.delete(probe);
    }

    @Test
    void aVerifiedImageHoldsUntilItChanges() throws IOException {
        String sha = writeImage("kernel image");

        assertThat(VerifiedStamp.holds(entry, IMAGE, sha)).as("no stamp yet").isFalse();
        assertThat(VerifiedStamp.verify(entry, IMAGE, sha, 0)).isTrue();
        assertThat(entry.resolve(VerifiedStamp.FILE)).exists();
        assertThat(VerifiedStamp.holds(entry, IMAGE, sha)).isTrue();
        assertThat(VerifiedStamp.holds(entry, IMAGE, "0".repeat(64))).as("stamped under another checksum").isFalse();
    }

    @Test
    void aRewriteOfTheSameSizeWithItsOldModificationTimeIsStillFound() throws IOException {
        String sha = writeImage("kernel image");
        VerifiedStamp.verify(entry, IMAGE, sha, 0);
        Path image = entry.resolve(IMAGE);
        FileTime modified = Files.getLastModifiedTime(image);
        afterTheNextTick(image);

        Files.writeString(image, "kernel imagE"); // same size
        Files.setLastModifiedTime(image, modified); // and the old mtime: only the change time tells

        assertThat(VerifiedStamp.holds(entry, IMAGE, sha)).isFalse();
        assertThat(VerifiedStamp.verify(entry, IMAGE, sha, 0)).isFalse();
    }

    @Test
    void anImageReplacedByAnotherFileIsHashedAgain() throws IOException {
        String sha = writeImage("kernel image");
        VerifiedStamp.verify(entry, IMAGE, sha, 0);
        Path image = entry.resolve(IMAGE);
        Path other = Files.writeString(entry.resolve("other"), "kernel image");
        Files.setLastModifiedTime(other, Files.getLastModifiedTime(image));

        Files.move(other, image, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // another inode

        assertThat(VerifiedStamp.holds(entry, IMAGE, sha)).isFalse();
        assertThat(VerifiedStamp.verify(entry, IMAGE, sha, 0)).as("same content, so it verifies again").isTrue();
    }

    @Test
    void aFileThatJustChangedIsNotStamped() throws IOException {
        String sha = writeImage("kernel image");

        assertThat(VerifiedStamp.verify(entry, IMAGE, sha)).isTrue();

        assertThat(entry.resolve(VerifiedStamp.FILE)).doesNotExist();
    }

    @Test
    void anUnreadableStampMeansHashIt() throws IOException {
        String sha = writeImage("kernel image");
        Files.writeString(entry.resolve(VerifiedStamp.FILE), "{not json");

        assertThat(VerifiedStamp.holds(entry, IMAGE, sha)).isFalse();
        assertThat(VerifiedStamp.verify(entry, IMAGE, sha, 0)).isTrue();
        assertThat(VerifiedStamp.holds(entry, IMAGE, sha)).isTrue();
    }

    @Test
    void theQuickCheckFindsAnImageDamagedAfterItWasStamped(@TempDir Path root) throws IOException {
        KernelCache cache = new KernelCache(root);
        DebianPackage pkg = new DebianPackage("linux-image-6.1.0-56-amd64-unsigned", "6.1.192-2", "0".repeat(64), 1);
        CachedKernel cached = cache.install(pkg, (dir, scratch) -> KernelCacheTest.populateMinimal(dir, "x"));
        Path image = cached.directory().resolve(cached.tree().image());
        String sha = Sha256.of(image);
        assertThat(VerifiedStamp.verify(cached.directory(), cached.tree().image().toString(), sha, 0)).isTrue();
        assertThat(cache.check(cached, KernelCache.Depth.QUICK)).isEmpty();
        FileTime modified = Files.getLastModifiedTime(image);
        afterTheNextTick(image);

        byte[] bytes = Files.readAllBytes(image);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(image, bytes);
        Files.setLastModifiedTime(image, modified);

        assertThat(cache.check(cached, KernelCache.Depth.QUICK))
                .hasValueSatisfying(damage -> assertThat(damage).contains("has another SHA-256"));
    }
}
