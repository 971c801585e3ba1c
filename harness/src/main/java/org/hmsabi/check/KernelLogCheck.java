package org.hmsabi.check;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hmsabi.guest.KernelLog;

/**
 * A guest's kernel log is part of every result: a WARNING, BUG or oops, at boot or while a suite
 * ran, or a taint that says one happened (W, D), fails the check of suite {@value #SUITE} with the
 * kernel's own lines. The same words judge what loading a driver printed ({@link #trouble}).
 */
public final class KernelLogCheck {
    public static final String SUITE = "kernel-log";
    /** What the kernel prints when something went wrong in it. */
    public static final Pattern TROUBLE = Pattern.compile(
            "\\b(Oops|BUG:|kernel BUG|general protection fault|WARNING:|Call Trace|RIP:)");
    private static final int MAX_LINES = 20;
    private static final int MAX_LINE = 300;

    private KernelLogCheck() {
    }

    /** The lines of {@code log} that report trouble, at most 20, each cut to 300 characters. */
    public static List<String> trouble(String log) {
        return log.lines().filter(line -> TROUBLE.matcher(line).find()).limit(MAX_LINES)
                .map(line -> line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + "...").toList();
    }

    /** One check: {@code name} (e.g. "two-socket-hbm: boot and capture") on {@code kernel}. */
    public static CheckResult of(String kernel, String name, KernelLog log) {
        List<String> lines = trouble(log.text());
        long bad = log.taintBits().orElse(0L) & (TaintFlags.WARNING | TaintFlags.DIED);
        if (lines.isEmpty() && bad == 0) {
            String taint = log.taintBits().map(bits -> bits == 0 ? "not tainted" : "taint " + String.join("", TaintFlags.letters(bits)))
                    .orElse("taint unreadable");
            return new CheckResult(SUITE, name, kernel, CheckResult.Status.PASSED,
                    Optional.of(log.text().lines().count() + " lines, no WARNING, BUG or oops; " + taint));
        }
        String taint = bad == 0 ? "" : "tainted " + String.join("", TaintFlags.letters(log.taint())) + "; ";
        return new CheckResult(SUITE, name, kernel, CheckResult.Status.FAILED,
                Optional.of(taint + (lines.isEmpty() ? "no trouble line in the log" : String.join(" | ", lines))));
    }
}
