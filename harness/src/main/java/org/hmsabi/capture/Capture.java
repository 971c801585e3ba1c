package org.hmsabi.capture;

import org.hmsabi.model.Snapshot;
import java.time.Duration;
import java.util.Optional;
import org.hmsabi.guest.KernelLog;
import org.hmsabi.topology.Topology;

/**
 * The result of booting one kernel on one topology and capturing its snapshot: the snapshot,
 * or the one-line reason there is none. A failed boot is a result to report, not an exception.
 *
 * @param kernel    the exact reference of the kernel ({@code debian:<abi>}, see {@link org.hmsabi.kernel.Kernel#exactReference})
 * @param console   the guest console (bounded), empty when QEMU never started
 * @param kernelLog the guest's dmesg and taint once the snapshot was taken; empty when no guest
 *                  answered, or the snapshot is a golden file
 */
public record Capture(
        String kernel,
        Topology topology,
        Optional<Snapshot> snapshot,
        Duration bootTime,
        String console,
        Optional<String> failure,
        Optional<KernelLog> kernelLog) {

    /** A capture without a kernel log: a golden file, or a guest that did not answer. */
    public Capture(String kernel, Topology topology, Optional<Snapshot> snapshot, Duration bootTime, String console,
                   Optional<String> failure) {
        this(kernel, topology, snapshot, bootTime, console, failure, Optional.empty());
    }

    public boolean succeeded() {
        return snapshot.isPresent();
    }
}
