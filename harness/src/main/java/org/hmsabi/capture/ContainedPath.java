package org.hmsabi.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Resolves an absolute path of a captured tree (e.g. {@code /sys/devices/system/node}) inside
 * the tree's root directory, following symbolic links as the live system would but only within
 * the root: an absolute link target is taken relative to the root, and a link that climbs out
 * of it is never followed (docs/cli.md, "Captured trees: --root DIR").
 */
final class ContainedPath {
    /** Linux's own limit on links followed in one lookup (MAXSYMLINKS). */
    private static final int MAX_LINKS = 40;

    private final Path root;

    ContainedPath(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The real location of {@code absolute} inside the root; empty when it does not exist or would leave the root. */
    Optional<Path> resolve(String absolute) {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, absolute);
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (resolved.isEmpty()) {
                    return Optional.empty(); // climbing above the root: the live system's path, not ours
                }
                resolved.removeLast();
                continue;
            }
            Path candidate = at(resolved).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    return Optional.empty();
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    return Optional.empty();
                }
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                push(pending, target);
                continue;
            }
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            resolved.addLast(part);
        }
        return Optional.of(at(resolved));
    }

    private Path at(Deque<String> parts) {
        Path path = root;
        for (String part : parts) {
            path = path.resolve(part);
        }
        return path;
    }

    /** Puts a path's components in front of what is still to be resolved, first component on top. */
    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }
}
