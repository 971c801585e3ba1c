package org.hmsabi.qemu;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A QEMU release, as {@code qemu-system-x86_64 --version} names it on its first line
 * ({@code QEMU emulator version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)}).
 *
 * @param major  e.g. 10
 * @param minor  e.g. 0
 * @param line   the whole first line of {@code --version}, for reports
 */
public record QemuVersion(int major, int minor, String line) implements Comparable<QemuVersion> {
    private static final Pattern VERSION = Pattern.compile("QEMU emulator version (\\d+)\\.(\\d+)");

    /** The version in {@code --version} output, or empty if it names none (not QEMU, or an unknown format). */
    public static Optional<QemuVersion> parse(String versionOutput) {
        String first = versionOutput.strip().lines().findFirst().orElse("").strip();
        Matcher matcher = VERSION.matcher(first);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(new QemuVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), first));
    }

    /** A bare release to compare against, e.g. {@code of(9, 0)} for "9.0 or later". */
    public static QemuVersion of(int major, int minor) {
        return new QemuVersion(major, minor, major + "." + minor);
    }

    /** True when this release is {@code minimum} or later. */
    public boolean atLeast(QemuVersion minimum) {
        return compareTo(minimum) >= 0;
    }

    @Override
    public int compareTo(QemuVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    /** {@code 10.0}. */
    public String release() {
        return major + "." + minor;
    }
}
