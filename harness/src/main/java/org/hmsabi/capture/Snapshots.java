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
                new Snapshot.KernelInfo(guest.session().kernelRelease(), kernel.reference()),
                new Snapshot.TopologyInfo(topology.name(), topology.contentHash()));
        return new SyscallCapture(new MempolicyClient(guest.session())).addTo(files, topology);
    }

    /** The writes of spec/writes.yaml in the guest, each put back (run them after a capture: they change what it reads). */
    public static WriteCapture.Result writes(Guest guest) {
        return new WriteCapture(WriteSpec.bundled()).capture(guest.session());
    }
}
