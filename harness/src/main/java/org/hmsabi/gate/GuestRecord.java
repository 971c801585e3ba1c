package org.hmsabi.gate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One guest of a gate run.
 *
 * @param kernel    the exact kernel reference
 * @param release   uname -r as the guest reported it (empty if it never answered)
 * @param topology  the fixture name
 * @param bootTime  QEMU start to agent hello (zero if it never answered)
 * @param snapshot  where its snapshot was written
 * @param console   the guest console (bounded), for attachments
 * @param failure   the one-line error if it did not boot or could not be captured
 */
public record GuestRecord(
        String kernel,
        String release,
        String topology,
        Duration bootTime,
        Optional<Path> snapshot,
        Optional<String> console,
        Optional<String> failure) {

    /** A guest known only by the snapshot it gave (a golden file, or a path that keeps no console): no boot time, no file. */
    static GuestRecord of(String kernel, org.hmsabi.model.Snapshot snapshot, String topology) {
        return new GuestRecord(kernel, snapshot.kernel().release(), topology, Duration.ZERO, Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
