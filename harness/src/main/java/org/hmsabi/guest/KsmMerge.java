package org.hmsabi.guest;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the agent saw of ksmd for a {@code backing=ksm} case (PROTOCOL.md): how many pages of the
 * range were KSM pages right before the call (after the agent's wait for ksmd) and right after it
 * (-1 when they could not be read), how the wait ended, how long it took, and where the pages were
 * counted.
 */
public record KsmMerge(int before, int after, Wait ended, long waitedMs, Count counted) {

    /** Where the agent counted the range's KSM pages. */
    public enum Count {
        /** the "KSM:" lines of /proc/self/smaps for the range's mappings (kernels since 6.6) */
        SMAPS("smaps"),
        /** KPF_KSM in /proc/kpageflags for each page's frame (kernels whose smaps has no KSM line) */
        KPAGEFLAGS("kpageflags");

        private final String agentText;

        Count(String agentText) {
            this.agentText = agentText;
        }

        static Optional<Count> of(String text) {
            return Arrays.stream(values()).filter(c -> c.agentText.equals(text)).findFirst();
        }
    }

    /** How the agent's bounded wait for ksmd ended. */
    public enum Wait {
        /** every page of the range was a KSM page */
        MERGED("merged"),
        /** the bound (20 s) passed first */
        GAVE_UP("gave-up"),
        /** /sys/kernel/mm/ksm/run was not 1: no wait */
        NOT_RUNNING("not-running"),
        /** the frames could not be read */
        UNOBSERVABLE("unobservable");

        private final String agentText;

        Wait(String agentText) {
            this.agentText = agentText;
        }

        public String agentText() {
            return agentText;
        }

        static Optional<Wait> of(String text) {
            return Arrays.stream(values()).filter(w -> w.agentText.equals(text)).findFirst();
        }
    }

    /**
     * The reply's {@code ksm}, {@code ksmWait}, {@code ksmWaitMs} and {@code ksmCount}: empty when
     * none was sent, and a malformed one (empty) when they do not fit together.
     */
    static Optional<Optional<KsmMerge>> of(List<Integer> counts, Optional<String> wait, Optional<Long> waitedMs,
                                           Optional<String> counted) {
        if (counts.isEmpty() && wait.isEmpty() && waitedMs.isEmpty() && counted.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        Optional<Wait> kind = wait.flatMap(Wait::of);
        Optional<Count> where = counted.flatMap(Count::of);
        if (counts.size() != 2 || kind.isEmpty() || where.isEmpty() || waitedMs.isEmpty() || waitedMs.get() < 0
                || counts.stream().anyMatch(n -> n < -1)) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(new KsmMerge(counts.get(0), counts.get(1), kind.get(), waitedMs.get(), where.get())));
    }
}
