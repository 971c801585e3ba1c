package org.hmsabi.spec;

import java.util.Map;
import java.util.Optional;

/**
 * The errno numbers of x86_64 (include/uapi/asm-generic/errno-base.h and errno.h) for the names the
 * contract uses, both ways: the agent reports statuses and counts by number, the contract names them.
 */
public final class Errnos {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("EPERM", 1), Map.entry("ENOENT", 2), Map.entry("ESRCH", 3), Map.entry("EINTR", 4), Map.entry("EIO", 5),
            Map.entry("ECHILD", 10), Map.entry("EAGAIN", 11), Map.entry("ENOMEM", 12), Map.entry("EACCES", 13),
            Map.entry("EFAULT", 14), Map.entry("EBUSY", 16), Map.entry("EEXIST", 17), Map.entry("EXDEV", 18),
            Map.entry("ENODEV", 19), Map.entry("EINVAL", 22), Map.entry("ENOSPC", 28), Map.entry("ERANGE", 34),
            Map.entry("ENOSYS", 38), Map.entry("EOPNOTSUPP", 95), Map.entry("ETIMEDOUT", 110), Map.entry("EHWPOISON", 133));

    private Errnos() {
    }

    /** The number of a name the contract uses. */
    public static int number(String name) {
        Integer number = NUMBERS.get(name);
        if (number == null) {
            throw new IllegalArgumentException("no errno number known for " + name);
        }
        return number;
    }

    /** The name of a number, when it is one of these. */
    public static Optional<String> name(int number) {
        return NUMBERS.entrySet().stream().filter(e -> e.getValue() == number).map(Map.Entry::getKey).findFirst();
    }
}
