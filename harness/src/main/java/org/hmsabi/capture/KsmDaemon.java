package org.hmsabi.capture;

import java.util.Optional;
import java.util.regex.Pattern;
import org.hmsabi.guest.MempolicyClient;

/**
 * ksmd, started around {@code backing=ksm} cases and stopped again: {@value #RUN} is written
 * {@value #MERGE} (mm/ksm.c run_store(): 0 stops ksmd and keeps what it merged, 1 merges, 2 unmerges
 * everything; Documentation/admin-guide/mm/ksm.rst), and closing writes back what it held. Debian's
 * kernels (CONFIG_KSM=y, 6.1 to 7.3) boot with 0. ksmd's rate is left as the kernel has it
 * ({@code sleep_millisecs} 20, {@code pages_to_scan} 100, seen on 6.1.0-57, 6.12.118 and 7.3.4): the
 * agent's range is the only mergeable memory in the guest, so one batch scans all of it and a case's
 * pages merge within a few scans (25 to 250 ms under TCG). The path is fixed here, not taken from the guest. It is not in
 * spec/writes.yaml: KSM is outside the heterogeneous-memory area the sysfs-writes suite covers, and
 * every snapshot records that file's writes (a new attribute changes every golden file).
 */
public final class KsmDaemon implements AutoCloseable {
    public static final String RUN = "/sys/kernel/mm/ksm/run";
    public static final String MERGE = "1";
    private static final Pattern STATE = Pattern.compile("[0-2]");

    private final MempolicyClient client;
    private final Optional<String> before;
    private final Optional<String> unavailable;

    private KsmDaemon(MempolicyClient client, Optional<String> before, Optional<String> unavailable) {
        this.client = client;
        this.before = before;
        this.unavailable = unavailable;
    }

    /** Starts ksmd, or says why it could not ({@link #unavailable()}). */
    public static KsmDaemon start(MempolicyClient client) {
        Optional<String> read = client.read(RUN).map(String::strip);
        if (read.isEmpty()) {
            return new KsmDaemon(client, Optional.empty(), Optional.of(RUN + " cannot be read: the kernel has no KSM (CONFIG_KSM)"));
        }
        if (!STATE.matcher(read.get()).matches()) {
            return new KsmDaemon(client, Optional.empty(), Optional.of(RUN + " reads '" + WriteCapture.value(read.get())
                    + "', not 0, 1 or 2"));
        }
        if (read.get().equals(MERGE)) {
            return new KsmDaemon(client, Optional.empty(), Optional.empty());
        }
        Optional<String> refused = client.write(RUN, MERGE);
        return new KsmDaemon(client, refused.isPresent() ? Optional.empty() : read,
                refused.map(errno -> "writing " + MERGE + " to " + RUN + " was refused: " + errno));
    }

    /** Why ksmd is not running for the cases, or empty when it is. */
    public Optional<String> unavailable() {
        return unavailable;
    }

    /** Writes back what {@value #RUN} held (0: ksmd stops; what it merged stays merged until unmapped). */
    @Override
    public void close() {
        before.ifPresent(state -> client.write(RUN, state));
    }
}
