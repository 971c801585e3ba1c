package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;

/**
 * Finds the kernel inside an unpacked {@code linux-image-*} package: {@code boot/vmlinuz-<release>},
 * {@code boot/config-<release>} and {@code lib/modules/<release>} (or {@code usr/lib/modules},
 * where newer Debian releases put it). The release comes from the file name and is cross-checked
 * against the image header, so a mislabelled image is caught before anyone boots it.
 */
final class UnpackedDebianKernel {
    private static final String IMAGE_PREFIX = "vmlinuz-";

    private UnpackedDebianKernel() {}

    static KernelTree locate(Path root, String packageName) throws IOException {
        Path boot = root.resolve("boot");
        List<Path> images;
        try (Stream<Path> files = Files.isDirectory(boot) ? Files.list(boot) : Stream.empty()) {
            images = files.filter(f -> f.getFileName().toString().startsWith(IMAGE_PREFIX)).toList();
        }
        if (images.size() != 1) {
            throw new InfrastructureException(packageName + " unpacked with " + images.size()
                    + " boot/vmlinuz-* files instead of one; is it a kernel image package?");
        }
        Path image = images.get(0);
        String release = image.getFileName().toString().substring(IMAGE_PREFIX.length());
        Optional<String> headerRelease = BzImageHeader.read(image).flatMap(BzImageHeader::release);
        if (headerRelease.isPresent() && !headerRelease.get().equals(release)) {
            throw new InfrastructureException(packageName + ": boot/vmlinuz-" + release
                    + " says it is release " + headerRelease.get() + " in its header; the package looks damaged");
        }
        Optional<Path> modules = Stream.of(Path.of("lib", "modules", release), Path.of("usr", "lib", "modules", release))
                .filter(dir -> Files.isDirectory(root.resolve(dir)))
                .findFirst();
        Optional<Path> config = Optional.of(Path.of("boot", "config-" + release))
                .filter(file -> Files.isRegularFile(root.resolve(file)));
        return new KernelTree(release, root.relativize(image), modules, config);
    }
}
