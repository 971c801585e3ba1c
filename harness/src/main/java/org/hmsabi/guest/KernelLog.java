package org.hmsabi.guest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A guest's kernel log ({@code dmesg}: the ring buffer from boot on, WARNING splats included,
 * which the console's {@code quiet} loglevel hides) and its taint ({@code /proc/sys/kernel/tainted}),
 * read through the agent. Untrusted text: the agent bounds {@code run} output to 1 MiB, and
 * nothing here is used as a path.
 *
 * @param text  what dmesg printed, or empty when it could not run
 * @param taint the taint bits, or -1 when unreadable
 */
public record KernelLog(String text, long taint) {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    public static KernelLog read(AgentSession session) {
        List<AgentReply> dmesg = session.call(session.request("run", "/bin/busybox", "dmesg"), TIMEOUT);
        String text = !dmesg.isEmpty() && dmesg.get(0) instanceof AgentReply.Run run && run.error().isEmpty() ? run.output() : "";
        long taint = session.read("/proc/sys/kernel/tainted", TIMEOUT).map(String::strip)
                .filter(value -> value.matches("[0-9]{1,19}")).map(Long::parseLong).orElse(-1L);
        return new KernelLog(text, taint);
    }

    public Optional<Long> taintBits() {
        return taint < 0 ? Optional.empty() : Optional.of(taint);
    }
}
