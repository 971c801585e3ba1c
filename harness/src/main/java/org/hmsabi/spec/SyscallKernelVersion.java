package org.hmsabi.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The major.minor series of a kernel, which is what the syscall contract's ranges name. */
public record SyscallKernelVersion(int major, int minor) implements Comparable<SyscallKernelVersion> {
    private static final Pattern LEADING = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** From a release string ({@code 6.12.117+deb12-amd64}) or a series ({@code 6.9}). */
    public static SyscallKernelVersion parse(String text) {
        Matcher m = LEADING.matcher(text.trim());
        if (!m.find()) {
            throw new IllegalArgumentException("not a kernel version: '" + text + "'");
        }
        return new SyscallKernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public int compareTo(SyscallKernelVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
