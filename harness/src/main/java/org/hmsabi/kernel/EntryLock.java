package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.hmsabi.InfrastructureException;

/**
 * An exclusive lock on one cache entry, held while it is checked and, if missing, built. It is an
 * OS file lock, so it excludes other processes and is released if the holder dies. Within one
 * JVM the OS lock cannot be taken twice (Java throws instead of blocking), so a second thread
 * polls until the first releases it.
 */
final class EntryLock implements AutoCloseable {
    /** Short: a contended entry is being downloaded, which takes far longer than this. */
    private static final long SAME_JVM_POLL_MILLIS = 100;

    private final FileChannel channel;
    private final FileLock lock;

    private EntryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until the lock is held; {@code onWait} runs once if someone else holds it. */
    static EntryLock acquire(Path lockFile, Runnable onWait) throws IOException {
        Files.createDirectories(lockFile.getParent());
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new EntryLock(channel, lock(channel, onWait));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock lock(FileChannel channel, Runnable onWait) throws IOException {
        boolean announced = false;
        while (true) {
            try {
                FileLock held = channel.tryLock();
                if (held != null) {
                    return held;
                }
                // Another process holds it: block in the kernel until it is released.
                if (!announced) {
                    onWait.run();
                }
                return channel.lock();
            } catch (OverlappingFileLockException sameJvm) {
                if (!announced) {
                    onWait.run();
                    announced = true;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(SAME_JVM_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting for a kernel cache lock", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
