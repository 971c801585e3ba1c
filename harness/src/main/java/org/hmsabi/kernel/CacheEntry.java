package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Predicate;
import org.hmsabi.LocalFiles;

/**
 * One directory of a cache filled from downloaded packages (a kernel's headers, {@code kunit.py},
 * the guest's {@code cxl} tool): filled in {@code <root>/.staging/<key>} under the file lock
 * {@code <root>/.locks/<key>.lock}, then renamed into place, so a reader finds no entry, the old
 * one or the whole new one, never half of one. What makes an entry current (its manifest, written
 * last by the filling) is the caller's; an entry that is not current is rebuilt whole, and a staging
 * directory left over is a crashed builder's, removed before the next one starts.
 */
final class CacheEntry {
    /** Fills {@code tree} (what becomes the entry), with {@code scratch} for downloads; may fail with an I/O error. */
    interface Filling {
        void fill(Path tree, Path scratch) throws IOException;
    }

    private CacheEntry() {
    }

    /**
     * {@code <root>/<key>}, filled first if {@code isCurrent} does not accept it; {@code onWait}
     * runs when another process is filling it.
     */
    static Path obtain(Path root, String key, Predicate<Path> isCurrent, Runnable onWait, Filling filling) throws IOException {
        Path entry = root.resolve(key);
        if (isCurrent.test(entry)) {
            return entry;
        }
        Files.createDirectories(root);
        try (EntryLock lock = EntryLock.acquire(root.resolve(".locks").resolve(key + ".lock"), onWait)) {
            if (!isCurrent.test(entry)) {
                Path staging = root.resolve(".staging").resolve(key);
                LocalFiles.deleteTree(staging);
                LocalFiles.deleteTree(entry);
                Path tree = Files.createDirectories(staging.resolve("entry"));
                Path scratch = Files.createDirectories(staging.resolve("scratch"));
                try {
                    filling.fill(tree, scratch);
                    Files.move(tree, entry, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    LocalFiles.deleteTree(staging);
                }
            }
        }
        return entry;
    }
}
