package org.hmsabi.guest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A guest's kernel log ({@code dmesg}: the ring buffer from boot on, WARNING splats included,
 * which the console's {@code quiet} loglevel hides) and its taint ({@code /proc/sys/kernel/tainted}),
 * read through the agent. Untrusted text: the host reads no reply line longer than the agent
 * session's limit, keeps at most the last {@value #MAX_TEXT} characters of the log (the newest
 * lines, where a suite's warning is), and uses nothing here as a path.
 *
 * @param text  what dmesg printed, or empty when it could not run
 * @param taint the taint bits, or -1 when unreadable
 */
public record KernelLog(String text, long taint) {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The most of a log kept for checks and reports. */
    static final int MAX_TEXT = 1 << 20;

    public static KernelLog read(AgentSession session) {
        List<AgentReply> dmesg = session.call(session.request("run", "/bin/busybox", "dmesg"), TIMEOUT);
        String text = !dmesg.isEmpty() && dmesg.get(0) instanceof AgentReply.Run run && run.error().isEmpty() ? run.output() : "";
        if (text.length() > MAX_TEXT) {
            text = text.substring(text.length() - MAX_TEXT);
        }
        long taint = session.read("/proc/sys/kernel/tainted", TIMEOUT).map(String::strip)
                .filter(value -> value.matches("[0-9]{1,19}")).map(Long::parseLong).orElse(-1L);
        return new KernelLog(text, taint);
    }

    public Optional<Long> taintBits() {
        return taint < 0 ? Optional.empty() : Optional.of(taint);
    }
}
