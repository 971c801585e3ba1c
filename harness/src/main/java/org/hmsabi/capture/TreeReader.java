package org.hmsabi.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hmsabi.BadInputException;
import org.hmsabi.Messages;
import org.hmsabi.model.Entry;
import org.hmsabi.model.EntryClassifier;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.AbiSpec;

/**
 * Reads a captured tree ({@code DIR/sys/...}, {@code DIR/proc/...}, as {@code hmsabi capture}
 * or hwloc-gather-topology write it) into a {@link Snapshot} with the same entries the agent
 * would give for a live system: the same trees and files, links recorded and never followed,
 * files without read permission as write-only, unreadable files with their errno. Paths that
 * reach the tree through a link are resolved inside DIR only ({@link ContainedPath}).
 */
public final class TreeReader {
    /** {@code hmsabi capture} lists here the files the captured machine refused to read ("path TAB errno"). */
    public static final String UNREADABLE_LIST = "hmsabi/unreadable.tsv";
    public static final String OSRELEASE = "/proc/sys/kernel/osrelease";
    /** A sysfs attribute is at most a page; procfs tables of big machines are larger, but not this large. */
    private static final int MAX_FILE_BYTES = 16 << 20;

    private final EntryClassifier classifier;

    public TreeReader(AbiSpec spec) {
        this.classifier = new EntryClassifier(spec);
    }

    /**
     * The snapshot of the tree at {@code root}; its kernel is the tree's osrelease (or
     * "unknown"), its topology name the directory's name.
     */
    public Snapshot read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root + ": not a directory; give a captured tree (unpack 'hmsabi capture' output)");
        }
        if (!Files.isDirectory(root.resolve("sys"))) {
            throw new BadInputException(root + ": no sys/ directory; a tree holds sys/ (and optionally proc/) laid out as on a live system");
        }
        ContainedPath contained = new ContainedPath(root);
        Map<String, String> refused = refusedReads(root);
        SortedMap<String, Entry> sysfs = new TreeMap<>();
        SortedMap<String, Entry> procfs = new TreeMap<>();
        for (String tree : SnapshotCapture.SYSFS_TREES) {
            contained.resolve(tree).filter(Files::isDirectory).ifPresent(dir -> readTree(tree, dir, refused, sysfs));
        }
        for (String file : SnapshotCapture.SYSFS_FILES) {
            contained.resolve(file).ifPresent(location -> sysfs.put(file, entryOf(file, location, refused)));
        }
        for (String file : SnapshotCapture.PROCFS_FILES) {
            contained.resolve(file).ifPresent(location -> procfs.put(file, entryOf(file, location, refused)));
        }
        String release = contained.resolve(OSRELEASE).flatMap(TreeReader::firstLine).orElse("unknown");
        Path name = root.toAbsolutePath().normalize().getFileName();
        return new Snapshot(Snapshot.SCHEMA, new Snapshot.KernelInfo(release, "tree:" + root),
                new Snapshot.TopologyInfo(name == null ? "/" : name.toString(), ""), sysfs, procfs, List.of());
    }

    /** Every entry below a tree's root (not the root itself, as the agent's tree request); links are never followed. */
    private void readTree(String tree, Path dir, Map<String, String> refused, SortedMap<String, Entry> into) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) {
                    if (!path.equals(dir)) {
                        into.put(absolute(path), entryOf(absolute(path), path, refused));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
                    into.put(absolute(path), entryOf(absolute(path), path, refused));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path path, IOException e) {
                    // A directory the capturing user could not list: record it, keep walking the rest.
                    into.put(absolute(path), new Entry.Unreadable(modeOrEmpty(path), e instanceof AccessDeniedException ? "EACCES" : "EIO"));
                    return FileVisitResult.CONTINUE;
                }

                private String absolute(Path path) {
                    return tree + "/" + dir.relativize(path).toString().replace('\\', '/');
                }
            });
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot walk the tree: " + e.getMessage(), e);
        }
    }

    private Entry entryOf(String absolute, Path location, Map<String, String> refused) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(location, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String mode = modeOf(location);
            if (attributes.isSymbolicLink()) {
                return new Entry.Link(Files.readSymbolicLink(location).toString());
            }
            if (attributes.isDirectory()) {
                return new Entry.Directory(mode);
            }
            if (refused.containsKey(absolute)) {
                return new Entry.Unreadable(mode, refused.get(absolute));
            }
            if (!attributes.isRegularFile() || (Integer.parseInt(mode, 8) & 0444) == 0) {
                return new Entry.WriteOnly(mode); // as the agent: never open what has no read bit, nor devices and FIFOs
            }
            return contentOf(location).<Entry>map(value -> classifier.fileEntry(absolute, mode, value))
                    .orElseGet(() -> new Entry.Unreadable(mode, "EFBIG"));
        } catch (AccessDeniedException e) {
            return new Entry.Unreadable(modeOrEmpty(location), "EACCES");
        } catch (IOException e) {
            return new Entry.Unreadable(modeOrEmpty(location), "EIO");
        }
    }

    private static Optional<String> contentOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            return bytes.length > MAX_FILE_BYTES ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static String modeOf(Path path) throws IOException {
        return String.format("%04o", FileModes.bits(path));
    }

    private static String modeOrEmpty(Path path) {
        try {
            return modeOf(path);
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, String> refusedReads(Path root) {
        Path list = root.resolve(UNREADABLE_LIST);
        Map<String, String> refused = new TreeMap<>();
        if (!Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
            return refused;
        }
        try {
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t");
                if (fields.length == 2) {
                    refused.put(fields[0], fields[1]);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(list + ": cannot read: " + e.getMessage(), e);
        }
        return refused;
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return contentOf(file).map(Messages::firstLine).map(String::strip).filter(line -> !line.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
