package org.hmsabi.capture;

import org.hmsabi.model.Snapshot;
import java.time.Duration;
import java.util.Optional;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.topology.Topology;

/**
 * The result of booting one kernel on one topology and capturing its snapshot: the snapshot,
 * or the one-line reason there is none. A failed boot is a result to report, not an exception.
 *
 * @param console the guest console (bounded), empty when QEMU never started
 */
public record Capture(
        Kernel kernel,
        Topology topology,
        Optional<Snapshot> snapshot,
        Duration bootTime,
        String console,
        Optional<String> failure) {

    public boolean succeeded() {
        return snapshot.isPresent();
    }
}
