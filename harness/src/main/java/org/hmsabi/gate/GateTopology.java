package org.hmsabi.gate;

import java.util.concurrent.CompletableFuture;
import org.hmsabi.capture.Capture;
import org.hmsabi.topology.Topology;

/** A topology's two snapshots, as they arrive. */
record GateTopology(Topology topology, CompletableFuture<Capture> baseline, CompletableFuture<Capture> candidate,
                           boolean baselineFromGolden) {
}
