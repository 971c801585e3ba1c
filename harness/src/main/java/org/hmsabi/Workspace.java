package org.hmsabi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where hmsabi's files are: the repository (fixtures, golden files), the cache (kernels,
 * initramfs images) and the results directory. The launcher sets {@code HMSABI_HOME}; tests set
 * the {@code hmsabi.repo} system property; otherwise the repository is found upwards from the
 * working directory.
 */
public record Workspace(Path root, Path cacheRoot) {
    /** The environment variable that names the hmsabi cache. */
    public static final String HMSABI_CACHE_ENV = "HMSABI_CACHE";

    public static Workspace locate(Optional<Path> cacheOverride) {
        Map<String, String> environment = System.getenv();
        Path root = Optional.ofNullable(environment.get("HMSABI_HOME")).filter(s -> !s.isBlank()).map(Path::of)
                .or(() -> Optional.ofNullable(System.getProperty("hmsabi.repo")).filter(s -> !s.isBlank()).map(Path::of))
                .orElseGet(() -> searchUpwards(Path.of("").toAbsolutePath()));
        // The kernel cache lives in <cache root>/kernels; everything else hmsabi caches sits beside it.
        Path cache = locateCache(cacheOverride, environment);
        return new Workspace(root.toAbsolutePath().normalize(), cache);
    }

    /**
     * The hmsabi cache (kernels live in its {@code kernels} directory, everything else hmsabi
     * caches beside them): {@code hmsabiCacheDir} (the CLI's {@code --cache-dir}) if given, else
     * {@code $HMSABI_CACHE}, else {@code $XDG_CACHE_HOME/hmsabi}, else {@code ~/.cache/hmsabi}.
     */
    public static Path locateCache(Optional<Path> hmsabiCacheDir, Map<String, String> environment) {
        return hmsabiCacheDir
                .or(() -> nonBlank(environment.get(HMSABI_CACHE_ENV)).map(Path::of))
                .orElseGet(() -> xdgCacheHome(environment).resolve("hmsabi"));
    }

    /** The XDG base directory rule: a relative XDG_CACHE_HOME is invalid and ignored. */
    private static Path xdgCacheHome(Map<String, String> environment) {
        return nonBlank(environment.get("XDG_CACHE_HOME")).map(Path::of).filter(Path::isAbsolute)
                .orElseGet(() -> nonBlank(environment.get("HOME")).map(Path::of)
                        .orElseGet(() -> Path.of(System.getProperty("user.home")))
                        .resolve(".cache"));
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private static Path searchUpwards(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("fixtures/topologies"))) {
                return dir;
            }
        }
        return start;
    }

    /** Known kernel behaviour the hot-plug checks waive (the waivers.yaml format). */
    public Path hotPlugWaivers() {
        return root.resolve("fixtures").resolve("hotplug-waivers.yaml");
    }

    public Path topologiesDir() {
        return root.resolve("fixtures/topologies");
    }

    public Path goldenDir() {
        return root.resolve("fixtures/golden");
    }

    public Path resultsDir() {
        return root.resolve("target/hmsabi-results");
    }
}
