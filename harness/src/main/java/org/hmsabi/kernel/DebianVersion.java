package org.hmsabi.kernel;

import java.util.Comparator;
import java.util.Objects;

/**
 * A Debian version string ordered as dpkg orders it ({@code dpkg --compare-versions}): epoch,
 * then upstream version, then revision, each compared as alternating non-digit and digit runs,
 * with '~' sorting before everything (so {@code 6.12.117-1~deb12u1 < 6.12.117-1}). Kernel ABIs
 * such as {@code 6.1.0-9 < 6.1.0-56} and {@code 6.12.107+deb12 < 6.12.117+deb12} order the same
 * way, which is why the package index's ABIs are compared with this class.
 */
public record DebianVersion(String text) implements Comparable<DebianVersion> {

    /** Orders version strings without wrapping them first. */
    public static final Comparator<String> ORDER = (a, b) -> new DebianVersion(a).compareTo(new DebianVersion(b));

    public DebianVersion {
        Objects.requireNonNull(text, "text");
    }

    @Override
    public int compareTo(DebianVersion other) {
        int byEpoch = Long.compare(epoch(), other.epoch());
        if (byEpoch != 0) {
            return byEpoch;
        }
        int byUpstream = compareFragments(upstream(), other.upstream());
        return byUpstream != 0 ? byUpstream : compareFragments(revision(), other.revision());
    }

    private long epoch() {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return 0;
        }
        try {
            return Long.parseLong(text.substring(0, colon));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String upstream() {
        int colon = text.indexOf(':');
        int hyphen = text.lastIndexOf('-');
        int end = hyphen > colon ? hyphen : text.length();
        return text.substring(colon + 1, end);
    }

    private String revision() {
        int colon = text.indexOf(':');
        int hyphen = text.lastIndexOf('-');
        return hyphen > colon ? text.substring(hyphen + 1) : "";
    }

    /** dpkg's verrevcmp. */
    private static int compareFragments(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int ac = i < a.length() ? order(a.charAt(i)) : 0;
                int bc = j < b.length() ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return Integer.compare(ac, bc);
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && isDigit(a.charAt(i)) && j < b.length() && isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** dpkg's character weight: '~' before the end of a part, letters before other symbols. */
    private static int order(char c) {
        if (isDigit(c)) {
            return 0;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    @Override
    public String toString() {
        return text;
    }
}
