package org.hmsabi.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hmsabi.BadInputException;

/** A kernel's major.minor version, as spec entries' {@code since} and release strings ({@code 6.12.117+deb12-amd64}) give it. */
public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {
    private static final Pattern LEADING = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** The version a release string or a {@code since} value starts with. */
    public static KernelVersion parse(String text) {
        Matcher matcher = LEADING.matcher(text.strip());
        if (!matcher.find()) {
            throw new BadInputException("'" + text + "' is not a kernel version; write major.minor, e.g. 6.9");
        }
        return new KernelVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    public boolean atLeast(KernelVersion other) {
        return compareTo(other) >= 0;
    }

    public boolean isAfter(KernelVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(KernelVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
