package org.hmsabi.kernel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An upstream Linux version, {@code major.minor.patch}: what spec entries, the syscall contract
 * and waivers compare kernels by. {@link #parse} reads a version ({@code 6.9}, {@code 6.12.117}),
 * a release as {@code uname -r} prints it ({@code 6.12.117+deb12-amd64}, {@code 7.3.4+deb13-amd64},
 * {@code 6.1.0-56-amd64}) or a Debian ABI, with or without {@code debian:} ({@code 7.3.4+deb13}).
 * What follows the upstream version (Debian's ABI number, {@code +debN}, the flavour) is not part
 * of it, so {@code 6.1.0-56-amd64} is 6.1.0: Debian's bookworm ABI names carry 0 where the upstream
 * patch level would be. A version written without a patch level is patch 0, and a patch level of 0
 * is printed as upstream names its first release ({@code 6.9}, not {@code 6.9.0}).
 */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {
    /** Major and minor, an optional patch level, then nothing or a non-digit (a suffix). */
    private static final Pattern LEADING = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?(?![\\d.]*\\d)");
    private static final int MAX_TEXT = 128;

    public KernelVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative kernel version component: " + major + "." + minor + "." + patch);
        }
    }

    /** A series, {@code major.minor}. */
    public static KernelVersion of(int major, int minor) {
        return new KernelVersion(major, minor, 0);
    }

    /** The version a version, release or Debian ABI starts with; an IllegalArgumentException saying what is wrong otherwise. */
    public static KernelVersion parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("'" + shown(text)
                + "' is not a kernel version; write major.minor[.patch] (6.9, 6.12.117) or a release (6.12.117+deb12-amd64)"));
    }

    /**
     * The version of a release a guest reported ({@code uname -r}): untrusted text, so one that
     * names no version is the guest's failure to report (an InfrastructureException naming it,
     * bounded), not the user's input.
     */
    public static KernelVersion ofGuestRelease(String release) {
        return tryParse(release).orElseThrow(() -> new org.hmsabi.InfrastructureException("the guest reported the kernel release '"
                + shown(release) + "', which does not start with a kernel version"));
    }

    /** As {@link #parse}, empty for text that does not start with a version (a bzImage's odd release, a garbled reply). */
    public static Optional<KernelVersion> tryParse(String text) {
        if (text == null || text.length() > MAX_TEXT) {
            return Optional.empty();
        }
        String stripped = text.strip();
        if (stripped.startsWith(KernelRef.DEBIAN_SCHEME)) {
            stripped = stripped.substring(KernelRef.DEBIAN_SCHEME.length());
        }
        Matcher matcher = LEADING.matcher(stripped);
        if (!matcher.lookingAt()) {
            return Optional.empty();
        }
        return Optional.of(new KernelVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3))));
    }

    /** The series this version belongs to, {@code major.minor} (patch 0). */
    public KernelVersion series() {
        return of(major, minor);
    }

    public boolean atLeast(KernelVersion other) {
        return compareTo(other) >= 0;
    }

    public boolean isAfter(KernelVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(KernelVersion other) {
        if (major != other.major) {
            return Integer.compare(major, other.major);
        }
        return minor != other.minor ? Integer.compare(minor, other.minor) : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return patch == 0 ? major + "." + minor : major + "." + minor + "." + patch;
    }

    /** User text echoed in a one-line message: bounded, without control characters. */
    static String shown(String text) {
        if (text == null) {
            return "";
        }
        String quoted = KernelRefSyntax.quote(text);
        return quoted.length() > 80 ? quoted.substring(0, 80) + "..." : quoted;
    }
}
