package org.hmsabi.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.hmsabi.BadInputException;
import org.hmsabi.Messages;
import org.hmsabi.cxl.CxlExpanderScenario;
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

    @Option(names = "--after-region", description = "on a topology with a cxl: section: run the cxl suite in a fresh guest and"
            + " write the snapshot with its region online (node ABI and /sys/bus/cxl; golden file <kernel>.after-region.json)")
    boolean afterRegion;

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
        if (afterRegion && (writes || topology.cxl().isEmpty())) {
            throw new BadInputException(writes ? "--after-region takes no --writes: a snapshot with the region online records no writes"
                    : "--after-region: " + topology.name() + " has no cxl: section, so there is no region to bring online");
        }
        Kernel kernel = guestOptions.kernel(kernelRef, err);
        if (afterRegion) {
            return afterRegion(kernel, topology, err);
        }
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

    /** The cxl suite in a fresh guest; its snapshot with the region online is written, its failed checks named. */
    private int afterRegion(Kernel kernel, Topology topology, PrintWriter err) {
        Instant start = Instant.now();
        CxlExpanderScenario.Outcome outcome = new CxlExpanderScenario(kernel, topology, CxlExpanderScenario.DEFAULT_TIMEOUT,
                CliInputs.hotPlugWaivers(guestOptions.workspace()), line -> { }).runInFreshGuest(guestOptions.guestSpec(kernel, topology));
        if (outcome.afterRegion().isEmpty()) {
            err.printf("hmsabi: %s on %s: no CXL region came online, so there is no snapshot to write: %s%n", kernel.reference(),
                    topology.name(), outcome.whyNoRegion());
            err.flush();
            return Main.FINDINGS;
        }
        Snapshot snapshot = outcome.afterRegion().get();
        SnapshotFiles.write(snapshot, out, force);
        outcome.failed().forEach(check -> err.printf("note: cxl check failed (hmsabi check --suite cxl judges it): %s: %s%n", check.name(),
                Messages.joinLines(check.message().orElse(""))));
        spec.commandLine().getOut().printf("%s: %s on %s with its CXL region online, %d sysfs and %d procfs entries (total %.1f s)%n",
                out, snapshot.kernel().release(), topology.name(), snapshot.sysfs().size(), snapshot.procfs().size(),
                Duration.between(start, Instant.now()).toMillis() / 1000.0);
        return Main.OK;
    }
}
