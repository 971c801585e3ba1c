package org.hmsabi.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --cache-dir DIR}: hmsabi's cache root, for every command that fetches kernels or boots guests. */
final class CacheDirOption {
    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "hmsabi's cache root: kernels, apt lists, headers, modules, initramfs, saved guest states"
                    + " (default: $HMSABI_CACHE, else $XDG_CACHE_HOME/hmsabi, else ~/.cache/hmsabi)")
    Path cacheDir;

    Optional<Path> get() {
        return Optional.ofNullable(cacheDir);
    }
}
