package org.hmsabi.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.hmsabi.InfrastructureException;

/**
 * {@code hmsabi capture}: this machine's heterogeneous-memory tree (the paths a snapshot
 * holds, plus the kernel release) as a .tar.gz laid out as on the live system ({@code sys/...},
 * {@code proc/...}), so that {@code --root} reads it back as it would the machine. Links are
 * archived as links; files are archived with their content as read (sysfs sizes lie), files
 * without read permission empty with their mode, and files the machine refused to read are
 * listed in {@link TreeReader#UNREADABLE_LIST}.
 */
public final class TreeArchive {
    private static final int MAX_FILE_BYTES = 16 << 20;

    private final Path source;
    private final List<String> refused = new ArrayList<>();

    /** @param source the root of the live tree, "/" for this machine (another directory in tests) */
    public TreeArchive(Path source) {
        this.source = source;
    }

    /** Writes the archive and returns how many entries it holds. */
    public int write(OutputStream out) {
        refused.clear();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            int count = 0;
            for (String tree : SnapshotCapture.SYSFS_TREES) {
                Path dir = source.resolve(tree.substring(1));
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    count += walk(tar, dir);
                }
            }
            List<String> files = new ArrayList<>(SnapshotCapture.SYSFS_FILES);
            files.addAll(SnapshotCapture.PROCFS_FILES);
            files.add(TreeReader.OSRELEASE);
            for (String file : files) {
                Path path = source.resolve(file.substring(1));
                if (Files.exists(path)) {
                    add(tar, path);
                    count++;
                }
            }
            byte[] list = String.join("", refused).getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(TreeReader.UNREADABLE_LIST);
            entry.setSize(list.length);
            tar.putArchiveEntry(entry);
            tar.write(list);
            tar.closeArchiveEntry();
            return count;
        } catch (IOException e) {
            throw new InfrastructureException("cannot write the capture: " + e.getMessage(), e);
        }
    }

    private int walk(TarArchiveOutputStream tar, Path dir) throws IOException {
        int[] count = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) throws IOException {
                add(tar, path);
                count[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) throws IOException {
                add(tar, path);
                count[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path path, IOException e) {
                refused.add(absolute(path) + "\t" + (e instanceof AccessDeniedException ? "EACCES" : "EIO") + "\n");
                return FileVisitResult.CONTINUE;
            }
        });
        return count[0];
    }

    private void add(TarArchiveOutputStream tar, Path path) throws IOException {
        String name = absolute(path).substring(1);
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = FileModes.bits(path);
        if (attributes.isSymbolicLink()) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return;
        }
        if (attributes.isDirectory()) {
            TarArchiveEntry entry = new TarArchiveEntry(name + "/");
            entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return;
        }
        byte[] content = new byte[0];
        if (attributes.isRegularFile() && (mode & 0444) != 0) {
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                content = in.readNBytes(MAX_FILE_BYTES);
            } catch (IOException e) {
                refused.add(absolute(path) + "\t" + (e instanceof AccessDeniedException ? "EACCES" : "EIO") + "\n");
            }
        }
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** The path as the live system names it, /sys/... */
    private String absolute(Path path) {
        return "/" + source.relativize(path).toString().replace('\\', '/');
    }
}
