package org.hmsabi.guest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.qemu.QemuCommand;
import org.hmsabi.qemu.QemuLauncher;
import org.hmsabi.qemu.QmpClient;

/**
 * Saved states of booted guests, so a guest can be restored in a fraction of a second instead
 * of booting again. A state is QEMU's own migration stream of the guest right after its agent
 * said hello; it is keyed by everything the guest depends on (QEMU's version, the machine's
 * command line, the kernel image's content, the initramfs, whose file name is its content
 * hash), so a restored guest is the same guest a fresh boot would give.
 */
final class SavedStates {
    static final int KEEP = 32;
    private static final Duration SAVE_TIMEOUT = Duration.ofSeconds(120);

    private final Path directory;

    SavedStates(Path cacheRoot) {
        this.directory = directoryUnder(cacheRoot);
    }

    static Path directoryUnder(Path cacheRoot) {
        return cacheRoot.resolve("guest-states");
    }

    /** The key of the guest {@code command} would boot with this machine's QEMU. */
    String key(QemuCommand command) {
        return key(command, QemuLauncher.host());
    }

    /** The key of the guest {@code command} would boot with {@code launcher}'s QEMU. */
    String key(QemuCommand command, QemuLauncher launcher) {
        String qemu = launcher.qemuIdentity(command.binary());
        List<String> inputs = new java.util.ArrayList<>(List.of(qemu));
        inputs.addAll(command.machineIdentity());
        inputs.add(command.kernelImage().toAbsolutePath() + " " + imageIdentity(command.kernelImage()));
        return KEYS.computeIfAbsent(inputs, unknown -> computeKey(qemu, command));
    }

    /**
     * Keys computed in this process, by their inputs with the kernel image's identity (path, size,
     * times, inode) in place of its content: the image is read once per process, not once per guest.
     */
    private static final Map<List<String>, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String imageIdentity(Path image) {
        try {
            Map<String, Object> unix = Files.readAttributes(image, "unix:dev,ino,size,lastModifiedTime,ctime");
            return unix.get("dev") + " " + unix.get("ino") + " " + unix.get("size") + " "
                    + ((java.nio.file.attribute.FileTime) unix.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS) + " "
                    + ((java.nio.file.attribute.FileTime) unix.get("ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "unknown " + System.nanoTime(); // never equal to another: read the image again
        }
    }

    private static String computeKey(String qemu, QemuCommand command) {
        MessageDigest digest = sha256();
        update(digest, qemu);
        command.machineIdentity().forEach(arg -> update(digest, arg));
        try (InputStream image = Files.newInputStream(command.kernelImage())) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = image.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the kernel image " + command.kernelImage() + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    }

    Optional<Path> find(String key) {
        Path state = directory.resolve(key + ".state");
        return Files.isRegularFile(state) ? Optional.of(state) : Optional.empty();
    }

    /** Saves the running guest behind {@code qmp} under {@code key}, and lets it run on. */
    void save(QmpClient qmp, String key) {
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, key, ".partial");
            try {
                qmp.execute("stop", Map.of());
                try {
                    qmp.execute("migrate", Map.of("uri", "exec:cat > '" + temporary + "'"));
                    qmp.awaitMigration(SAVE_TIMEOUT);
                } finally {
                    qmp.execute("cont", Map.of());
                }
                LocalFiles.moveIntoPlace(temporary, directory.resolve(key + ".state"));
            } finally {
                Files.deleteIfExists(temporary);
            }
            prune();
        } catch (IOException e) {
            throw new InfrastructureException("cannot save the guest state under " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Marks a state as just used, so {@link #prune} (which keeps the most recent) drops the states
     * no one restores rather than the ones every run restores: the cache is shared by every run on
     * the machine, and states written by other runs would otherwise push out the ones in use.
     */
    void touch(Path state) {
        try {
            Files.setLastModifiedTime(state, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        } catch (IOException ignored) {
            // pruned meanwhile, or read-only: it is only an eviction hint
        }
    }

    /** Forgets a state that could not be restored. */
    void discard(String key) {
        try {
            Files.deleteIfExists(directory.resolve(key + ".state"));
        } catch (IOException ignored) {
            // a state that cannot be deleted will fail to restore again and be booted around
        }
    }

    /** Keeps the {@value #KEEP} most recently written or restored states: they are large (about 100 MB each). */
    void prune() throws IOException {
        try (Stream<Path> states = Files.list(directory)) {
            // Each time is read once: other runs touch and delete states meanwhile, and a sort
            // whose keys change under it may throw.
            record Aged(Path path, long modified) {}
            List<Path> byAge = states.filter(path -> path.toString().endsWith(".state"))
                    .map(path -> new Aged(path, modified(path)))
                    .sorted(Comparator.comparingLong(Aged::modified).reversed())
                    .map(Aged::path)
                    .toList();
            for (Path old : byAge.subList(Math.min(KEEP, byAge.size()), byAge.size())) {
                Files.deleteIfExists(old);
            }
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }
}
