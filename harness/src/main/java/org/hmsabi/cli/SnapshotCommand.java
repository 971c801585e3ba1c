package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.hmsabi.BadInputException;
import org.hmsabi.guest.Guest;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.capture.Snapshots;
import org.hmsabi.capture.WriteCapture;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hmsabi snapshot}: boot a kernel on a topology, capture its heterogeneous-memory ABI, write it canonically. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Boot a kernel on a topology and write its ABI snapshot (canonical JSON).",
        footer = {"", "Example:", "  hmsabi snapshot --kernel debian:6.12 --topology two-socket-hbm \\",
                "      --out /tmp/hbm-6.12.json"})
final class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "REF", description = "debian:<abi>, debian:<series> or a bzImage path")
    String kernelRef;

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the snapshot")
    Path out;

    @Option(names = "--force", description = "replace FILE if it exists")
    boolean force;

    @Option(names = "--writes", hidden = true,
            description = "deprecated: every snapshot records the writes of spec/writes.yaml now")
    boolean writes;

    @Mixin
    GuestOptions guestOptions;

    @Override
    public Integer call() {
        if (writes) {
            spec.commandLine().getErr().println("hmsabi: --writes is deprecated: every snapshot records the writes of spec/writes.yaml now");
        }
        PrintWriter err = spec.commandLine().getErr();
        // Everything that can be wrong with the input is checked before a guest boots.
        if (Files.exists(out) && !force) {
            throw new BadInputException(out + " exists; pass --force to replace it");
        }
        Topology topology = topologyOption.load(guestOptions.workspace());
        Kernel kernel = guestOptions.kernel(kernelRef, err);
        err.printf("booting %s on %s (%d nodes, %d CPUs)...%n", kernel.reference(), topology.name(),
                topology.nodes().size(), topology.totalCpus());
        err.flush();
        Instant start = Instant.now();
        Snapshot snapshot;
        String transport;
        Duration bootTime;
        try (Guest guest = Guest.boot(guestOptions.guestSpec(kernel, topology))) {
            bootTime = guest.bootTime();
            transport = guest.session().transport();
            snapshot = Snapshots.captureWithWrites(guest, kernel, topology,
                    attribute -> err.printf("snapshot: not put back after the writes: %s%n", attribute));
        }
        SnapshotFiles.write(snapshot, out, force);
        spec.commandLine().getOut().printf("%s: %s on %s, %d sysfs and %d procfs entries%s (boot %.1f s, total %.1f s, agent over %s)%n",
                out, snapshot.kernel().release(), topology.name(), snapshot.sysfs().size(), snapshot.procfs().size(),
                ", " + snapshot.writes().size() + " writes",
                bootTime.toMillis() / 1000.0, Duration.between(start, Instant.now()).toMillis() / 1000.0, transport);
        return Main.OK;
    }
}
