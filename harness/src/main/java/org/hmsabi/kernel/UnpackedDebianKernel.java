package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;

/**
 * Finds the kernel inside unpacked Debian kernel packages: the image at {@code boot/vmlinuz-<release>}
 * (every packaging up to 7.1) or {@code usr/lib/modules/<release>/vmlinuz} (7.2 on); the config
 * at {@code boot/config-<release>} or {@code usr/lib/modules/<release>/config}; the modules in
 * {@code lib/modules/<release>} or {@code usr/lib/modules/<release>}. The release comes from the
 * file name and is cross-checked against the image header, so a mislabelled image is caught
 * before anyone boots it.
 */
final class UnpackedDebianKernel {
    private static final String IMAGE_PREFIX = "vmlinuz-";
    private static final List<Path> MODULE_ROOTS = List.of(Path.of("lib", "modules"), Path.of("usr", "lib", "modules"));

    private UnpackedDebianKernel() {}

    private record Image(Path file, String release) {}

    static KernelTree locate(Path root, String packageName) throws IOException {
        List<Image> images = images(root);
        if (images.size() != 1) {
            throw new InfrastructureException(packageName + " unpacked with " + images.size()
                    + " kernel images (boot/vmlinuz-* or usr/lib/modules/*/vmlinuz) instead of one; is it a kernel image package?");
        }
        Path image = images.get(0).file();
        String release = images.get(0).release();
        Optional<String> headerRelease = BzImageHeader.read(image).flatMap(BzImageHeader::release);
        if (headerRelease.isPresent() && !headerRelease.get().equals(release)) {
            throw new InfrastructureException(packageName + ": " + root.relativize(image) + " of release " + release
                    + " says it is release " + headerRelease.get() + " in its header; the package looks damaged");
        }
        Optional<Path> modules = MODULE_ROOTS.stream().map(dir -> dir.resolve(release))
                .filter(dir -> Files.isDirectory(root.resolve(dir)))
                .findFirst();
        Optional<Path> config = Stream.of(Path.of("boot", "config-" + release), Path.of("usr", "lib", "modules", release, "config"))
                .filter(file -> Files.isRegularFile(root.resolve(file)))
                .findFirst();
        return new KernelTree(release, root.relativize(image), modules, config);
    }

    private static List<Image> images(Path root) throws IOException {
        List<Image> images = new ArrayList<>();
        Path boot = root.resolve("boot");
        if (Files.isDirectory(boot)) {
            try (Stream<Path> files = Files.list(boot)) {
                files.filter(f -> f.getFileName().toString().startsWith(IMAGE_PREFIX))
                        .forEach(f -> images.add(new Image(f, f.getFileName().toString().substring(IMAGE_PREFIX.length()))));
            }
        }
        for (Path modulesRoot : MODULE_ROOTS) {
            Path dir = root.resolve(modulesRoot);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> releases = Files.list(dir)) {
                    releases.filter(r -> Files.isRegularFile(r.resolve("vmlinuz")))
                            .forEach(r -> images.add(new Image(r.resolve("vmlinuz"), r.getFileName().toString())));
                }
            }
        }
        return images;
    }
}
