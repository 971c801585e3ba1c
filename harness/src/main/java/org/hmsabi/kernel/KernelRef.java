package org.hmsabi.kernel;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import org.hmsabi.BadInputException;

/**
 * What a user names when they mean a kernel: {@code debian:<abi>}, {@code debian:<series>},
 * {@code debian:latest} or a path to a bzImage. Parsing is pure (no file system, no apt); {@link Kernels} resolves a
 * reference to a {@link Kernel}.
 */
public sealed interface KernelRef permits KernelRef.DebianKernel, KernelRef.DebianSeries, KernelRef.DebianLatest, KernelRef.ImagePath {

    String DEBIAN_SCHEME = "debian:";

    /** The reference as a user would write it. */
    String text();

    /** Parses a reference without a modules directory. */
    static KernelRef parse(String text) {
        return parse(text, Optional.empty());
    }

    /**
     * Parses a reference. {@code modulesDir} is the CLI's {@code --modules DIR}; it only makes
     * sense for a bzImage path, since a Debian package brings its own modules.
     */
    static KernelRef parse(String text, Optional<Path> modulesDir) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new BadInputException("empty kernel reference; " + KernelRefSyntax.USAGE);
        }
        if (trimmed.startsWith(DEBIAN_SCHEME)) {
            if (modulesDir.isPresent()) {
                throw new BadInputException(KernelRefSyntax.quote(trimmed)
                        + ": --modules applies only to a bzImage path; debian: kernels bring their own modules");
            }
            String version = trimmed.substring(DEBIAN_SCHEME.length());
            if (version.equals(DebianLatest.WORD)) {
                return new DebianLatest();
            }
            return KernelRefSyntax.SERIES.matcher(version).matches() ? new DebianSeries(version) : new DebianKernel(version);
        }
        Matcher scheme = KernelRefSyntax.OTHER_SCHEME.matcher(trimmed);
        if (scheme.lookingAt()) {
            throw new BadInputException(KernelRefSyntax.quote(trimmed) + ": unknown kernel reference scheme '"
                    + scheme.group() + "'; " + KernelRefSyntax.USAGE + " (write ./" + KernelRefSyntax.quote(trimmed)
                    + " for a file of that name)");
        }
        try {
            return new ImagePath(Path.of(trimmed), modulesDir);
        } catch (InvalidPathException e) {
            throw new BadInputException(KernelRefSyntax.quote(trimmed) + ": not a usable file path; " + KernelRefSyntax.USAGE, e);
        }
    }

    /**
     * One exact Debian kernel ABI, e.g. {@code 6.1.0-56} or {@code 6.12.115+deb12}. The ABI
     * becomes part of a package name handed to apt, so it is checked strictly here: digits,
     * lower-case letters, '.', '+' and '-' only, starting with {@code major.minor}.
     */
    record DebianKernel(String abi) implements KernelRef {
        public DebianKernel {
            Objects.requireNonNull(abi, "abi");
            if (abi.length() > KernelRefSyntax.MAX_ABI_LENGTH || !KernelRefSyntax.ABI.matcher(abi).matches()) {
                throw new BadInputException(KernelRefSyntax.quote(DEBIAN_SCHEME + abi)
                        + ": malformed Debian kernel ABI (only 0-9 a-z . + - allowed, starting with major.minor); "
                        + KernelRefSyntax.USAGE);
            }
        }

        /** The {@code major.minor} series this ABI belongs to, e.g. {@code 6.12}. */
        public String series() {
            Matcher m = KernelRefSyntax.ABI.matcher(abi);
            if (!m.matches()) {
                throw new IllegalStateException("validated in the constructor");
            }
            return m.group(1);
        }

        @Override
        public String text() {
            return DEBIAN_SCHEME + abi;
        }
    }

    /** A series such as {@code 6.1} or {@code 6.12}: the newest ABI of it in the package index. */
    record DebianSeries(String series) implements KernelRef {
        public DebianSeries {
            Objects.requireNonNull(series, "series");
            if (!KernelRefSyntax.SERIES.matcher(series).matches()) {
                throw new BadInputException(KernelRefSyntax.quote(DEBIAN_SCHEME + series)
                        + ": malformed kernel series; expected major.minor such as debian:6.12");
            }
        }

        @Override
        public String text() {
            return DEBIAN_SCHEME + series;
        }
    }

    /** The newest kernel anywhere in the archive hmsabi reads. */
    record DebianLatest() implements KernelRef {
        static final String WORD = "latest";

        @Override
        public String text() {
            return DEBIAN_SCHEME + WORD;
        }
    }

    /** A kernel image on disk (e.g. {@code arch/x86/boot/bzImage}), optionally with its modules. */
    record ImagePath(Path bzImage, Optional<Path> modulesDir) implements KernelRef {
        public ImagePath {
            Objects.requireNonNull(bzImage, "bzImage");
            Objects.requireNonNull(modulesDir, "modulesDir");
        }

        @Override
        public String text() {
            return bzImage.toString();
        }
    }
}
