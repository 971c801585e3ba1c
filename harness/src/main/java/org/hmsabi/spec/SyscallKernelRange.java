package org.hmsabi.spec;

/**
 * A range of kernel series as the syscall contract writes it: {@code <6.9}, {@code >=6.10},
 * {@code 6.1} (one series), {@code 6.9..6.11} (inclusive), or everything.
 */
public record SyscallKernelRange(SyscallKernelVersion from, SyscallKernelVersion toExclusive, String text) {

    public static final SyscallKernelRange ALL = new SyscallKernelRange(null, null, "all");

    public static SyscallKernelRange parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        String t = text.trim();
        if (t.startsWith(">=")) {
            return new SyscallKernelRange(SyscallKernelVersion.parse(t.substring(2)), null, t);
        }
        if (t.startsWith("<")) {
            return new SyscallKernelRange(null, SyscallKernelVersion.parse(t.substring(1)), t);
        }
        String[] ends = t.split("\\.\\.", -1);
        SyscallKernelVersion first = SyscallKernelVersion.parse(ends[0]);
        SyscallKernelVersion last = ends.length == 2 ? SyscallKernelVersion.parse(ends[1]) : first;
        if (ends.length > 2 || !ends[ends.length - 1].trim().matches("\\d+\\.\\d+")) {
            throw new IllegalArgumentException("not a kernel range: '" + text + "' (use <6.9, >=6.10, 6.1 or 6.9..6.11)");
        }
        return new SyscallKernelRange(first, new SyscallKernelVersion(last.major(), last.minor() + 1), t);
    }

    public boolean contains(SyscallKernelVersion version) {
        return (from == null || version.compareTo(from) >= 0) && (toExclusive == null || version.compareTo(toExclusive) < 0);
    }

    /** True when some kernel series lies in both ranges. */
    public boolean overlaps(SyscallKernelRange other) {
        boolean thisStartsBeforeOtherEnds = from == null || other.toExclusive == null || from.compareTo(other.toExclusive) < 0;
        boolean otherStartsBeforeThisEnds = other.from == null || toExclusive == null || other.from.compareTo(toExclusive) < 0;
        return thisStartsBeforeOtherEnds && otherStartsBeforeThisEnds;
    }
}
