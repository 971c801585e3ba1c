package org.hmsabi.kernel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How Debian names its unsigned amd64 kernel image packages, in both directions. */
final class DebianKernelPackages {
    static final String PREFIX = "linux-image-";
    static final String SUFFIX = "-amd64-unsigned";
    /** The regular expression {@code apt-cache search --names-only} is given. */
    static final String SEARCH_PATTERN = "^linux-image-.*-amd64-unsigned$";

    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(.+)" + Pattern.quote(SUFFIX));
    /** A trailing all-letters component is a flavour ({@code -cloud}, {@code -rt}), not part of the ABI. */
    private static final Pattern FLAVOURED = Pattern.compile(".*-[a-z]+");

    private DebianKernelPackages() {}

    static String packageName(String abi) {
        return PREFIX + abi + SUFFIX;
    }

    /**
     * The ABI of a generic-flavour kernel image package, or empty for anything else (cloud and
     * PREEMPT_RT flavours lack drivers or behave differently, and a series never picks them).
     */
    static Optional<String> genericAbiOf(String packageName) {
        Matcher m = NAME.matcher(packageName);
        if (!m.matches() || FLAVOURED.matcher(m.group(1)).matches()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1));
    }
}
