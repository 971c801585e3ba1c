package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hmsabi.LocalFiles;

/**
 * {@code verified.json} next to a cache entry's manifest: the identity of the kernel image
 * (device, inode, size, modification and change time, in nanoseconds) when its SHA-256 was last
 * found to be the one the manifest records. While the image still has that identity it is not
 * read again: any write through the file system moves its change time, which no one can set
 * back, so a changed image is hashed again and its damage found. The stamp is a hint: a missing,
 * unreadable or mismatching one only means "hash it"; entries written before stamps existed get
 * one on their first check. File times come from a coarse clock (a few milliseconds on Linux, up
 * to seconds elsewhere), so a write in the same tick as the last one would leave them unchanged:
 * a file changed less than {@link #SETTLED_NANOS} ago is never stamped (git's "racily clean" rule).
 */
final class VerifiedStamp {
    static final String FILE = "verified.json";
    private static final int SCHEMA = 1;
    /** How long ago a file must have last changed for its identity to be trusted. */
    static final long SETTLED_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A file's identity as {@code stat} shows it. */
    @JsonPropertyOrder({"schema", "file", "sha256", "dev", "ino", "size", "mtime_ns", "ctime_ns"})
    record Stamp(@JsonProperty("schema") int schema, @JsonProperty("file") String file, @JsonProperty("sha256") String sha256,
                 @JsonProperty("dev") long dev, @JsonProperty("ino") long ino, @JsonProperty("size") long size,
                 @JsonProperty("mtime_ns") long mtimeNs, @JsonProperty("ctime_ns") long ctimeNs) {
        boolean sameFile(Stamp other) {
            return dev == other.dev && ino == other.ino && size == other.size && mtimeNs == other.mtimeNs && ctimeNs == other.ctimeNs;
        }
    }

    private VerifiedStamp() {
    }

    /**
     * True when {@code entry}'s stamp says {@code file} (relative to it) was verified as
     * {@code sha256} and the file has not changed since.
     */
    static boolean holds(Path entry, String file, String sha256) {
        Optional<Stamp> now = identity(entry.resolve(file), file, sha256);
        if (now.isEmpty()) {
            return false;
        }
        try {
            Stamp recorded = JSON.readValue(entry.resolve(FILE).toFile(), Stamp.class);
            return recorded.schema() == SCHEMA && file.equals(recorded.file()) && sha256.equals(recorded.sha256())
                    && recorded.sameFile(now.get());
        } catch (IOException | RuntimeException missingOrUnreadable) {
            return false;
        }
    }

    /**
     * Hashes {@code file} (relative to {@code entry}) and, when it has the expected SHA-256 and
     * did not change while it was read, stamps it; returns whether it has the expected SHA-256.
     */
    static boolean verify(Path entry, String file, String sha256) throws IOException {
        return verify(entry, file, sha256, SETTLED_NANOS);
    }

    /** {@link #verify(Path, String, String)}, stamping files that last changed at least {@code settledNanos} ago. */
    static boolean verify(Path entry, String file, String sha256, long settledNanos) throws IOException {
        Path path = entry.resolve(file);
        Optional<Stamp> before = identity(path, file, sha256);
        if (!Sha256.of(path).equals(sha256)) {
            return false;
        }
        Optional<Stamp> after = identity(path, file, sha256);
        // The file system stamps times from the kernel's coarse clock, which never runs ahead of the
        // real-time clock; milliseconds would (a file changed in this very millisecond looked newer than now).
        java.time.Instant instant = java.time.Instant.now();
        long now = TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
        if (before.isPresent() && after.isPresent() && before.get().sameFile(after.get())
                && now - Math.max(after.get().ctimeNs(), after.get().mtimeNs()) >= settledNanos) {
            try {
                LocalFiles.writeAtomically(entry.resolve(FILE), JSON.writeValueAsBytes(after.get()));
            } catch (IOException notWritable) {
                // a read-only or concurrently removed entry: the next check hashes again
            }
        }
        return true;
    }

    /** Removes the stamp, so the next check hashes the image whatever its identity. */
    static void forget(Path entry) throws IOException {
        Files.deleteIfExists(entry.resolve(FILE));
    }

    /** The file's identity, or empty where the file system does not show inode and change time. */
    private static Optional<Stamp> identity(Path path, String file, String sha256) {
        try {
            Map<String, Object> unix = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Stamp(SCHEMA, file, sha256, (Long) unix.get("dev"), (Long) unix.get("ino"), (Long) unix.get("size"),
                    nanos((FileTime) unix.get("lastModifiedTime")), nanos((FileTime) unix.get("ctime"))));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }
}
