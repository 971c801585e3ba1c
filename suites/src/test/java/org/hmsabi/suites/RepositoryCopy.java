package org.hmsabi.suites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A copy of the repository's {@code fixtures/} (topologies, pins, waivers, golden files) for a
 * test that changes them: commands run {@link #inside} it read and write the copy, never the
 * repository. Its {@code vm-images/} is a link to the repository's (which no test changes), so the
 * container runner finds its image recipe there.
 */
record RepositoryCopy(Path root, Path repository) {

    /** Copies the repository's fixtures to {@code dir/repository}, and links its vm-images there. */
    static RepositoryCopy of(Path dir) throws IOException {
        Path repository = Path.of(System.getProperty("hmsabi.repo"));
        Path root = dir.resolve("repository");
        Path from = repository.resolve("fixtures");
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = root.resolve("fixtures").resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        Files.createSymbolicLink(root.resolve("vm-images"), repository.resolve("vm-images").toAbsolutePath());
        return new RepositoryCopy(root, repository);
    }

    /** A file of the copy, e.g. {@code fixtures/kernels.yaml}. */
    Path resolve(String relative) {
        return root.resolve(relative);
    }

    /** Runs {@code work} with the copy as hmsabi's repository (the tests' {@code hmsabi.repo}), then puts the repository back. */
    <T> T inside(Supplier<T> work) {
        System.setProperty("hmsabi.repo", root.toString());
        try {
            return work.get();
        } finally {
            System.setProperty("hmsabi.repo", repository.toString());
        }
    }
}
