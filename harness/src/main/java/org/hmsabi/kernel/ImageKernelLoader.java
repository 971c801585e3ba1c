package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.hmsabi.BadInputException;
import org.hmsabi.kernel.KernelRef.ImagePath;

/**
 * Resolves a bzImage path, typically a kernel someone built: the release comes from the image's
 * boot header; modules and config are used where they are found, never required.
 */
final class ImageKernelLoader {
    private static final Path BUILD_TREE_IMAGE = Path.of("arch", "x86", "boot", "bzImage");

    Kernel load(ImagePath ref) {
        String reference = ref.text();
        Path image = ref.bzImage().toAbsolutePath().normalize();
        if (!Files.exists(image)) {
            throw new BadInputException(reference + ": no such file; give the path of a bzImage"
                    + " (e.g. arch/x86/boot/bzImage in a kernel build tree) or a debian: reference");
        }
        if (!Files.isRegularFile(image) || !Files.isReadable(image)) {
            throw new BadInputException(reference + ": not a readable file; give the path of a bzImage");
        }
        BzImageHeader header;
        try {
            header = BzImageHeader.read(image).orElseThrow(() -> new BadInputException(reference
                    + ": not an x86 bzImage (no boot header); pass arch/x86/boot/bzImage or a vmlinuz, not vmlinux"));
        } catch (IOException e) {
            throw new BadInputException(reference + ": cannot read (" + e.getMessage() + ")", e);
        }
        Optional<Path> givenModules = ref.modulesDir().map(dir -> dir.toAbsolutePath().normalize());
        givenModules.filter(dir -> !Files.isDirectory(dir)).ifPresent(dir -> {
            throw new BadInputException(reference + ": --modules " + dir + " is not a directory");
        });
        String release = header.release()
                .or(() -> givenModules.map(dir -> dir.getFileName().toString()))
                .orElseThrow(() -> new BadInputException(reference
                        + ": the image's header has no version string; pass --modules lib/modules/<release> to name it"));
        Optional<Path> modules = givenModules.map(dir -> modulesOf(dir, release));
        return new Kernel(reference, release, image, modules, configOf(image, release), Optional.empty());
    }

    /**
     * Accepts the modules directory itself or what {@code make modules_install} filled: an
     * {@code INSTALL_MOD_PATH} root or its {@code lib/modules}.
     */
    private static Path modulesOf(Path dir, String release) {
        return Stream.of(dir.resolve("lib").resolve("modules").resolve(release), dir.resolve(release))
                .filter(Files::isDirectory)
                .findFirst()
                .orElse(dir);
    }

    /** {@code config-<release>} beside the image (as in /boot), or the build tree's {@code .config}. */
    private static Optional<Path> configOf(Path image, String release) {
        Path beside = image.resolveSibling("config-" + release);
        if (Files.isRegularFile(beside)) {
            return Optional.of(beside);
        }
        if (image.endsWith(BUILD_TREE_IMAGE)) {
            Path tree = image;
            for (int i = 0; i < BUILD_TREE_IMAGE.getNameCount(); i++) {
                tree = tree.getParent();
            }
            Path config = tree.resolve(".config");
            if (Files.isRegularFile(config)) {
                return Optional.of(config);
            }
        }
        return Optional.empty();
    }
}
