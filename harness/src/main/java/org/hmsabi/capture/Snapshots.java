package org.hmsabi.capture;

import org.hmsabi.model.Snapshot;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.WriteSpec;
import org.hmsabi.topology.Topology;

/** The one-call way to snapshot a booted guest, for the CLI and the suites alike. */
public final class Snapshots {
    private Snapshots() {
    }

    public static Snapshot capture(Guest guest, Kernel kernel, Topology topology) {
        Snapshot files = new SnapshotCapture(AbiSpec.bundled()).capture(guest.session(),
                new Snapshot.KernelInfo(guest.session().kernelRelease(), kernel.exactReference()),
                new Snapshot.TopologyInfo(topology.name(), topology.contentHash()));
        return new SyscallCapture(new MempolicyClient(guest.session())).addTo(files, topology);
    }

    /**
     * The snapshot a golden file records: {@link #capture}, then the writes of spec/writes.yaml
     * (each put back) in its {@code writes} section. An attribute the writes could not put back
     * is passed to {@code notPutBack} (the guest's state then differs from its boot: capture nothing
     * else in it).
     */
    public static Snapshot captureWithWrites(Guest guest, Kernel kernel, Topology topology, java.util.function.Consumer<String> notPutBack) {
        Snapshot snapshot = capture(guest, kernel, topology);
        WriteCapture.Result result = writes(guest);
        result.notRestored().forEach(notPutBack);
        return snapshot.withWrites(result.records());
    }

    /** The writes of spec/writes.yaml in the guest, each put back (run them after a capture: they change what it reads). */
    public static WriteCapture.Result writes(Guest guest) {
        return new WriteCapture(WriteSpec.bundled()).capture(guest.session());
    }
}
