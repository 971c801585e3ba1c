package org.hmsabi.guest;

import java.nio.file.Path;
import java.time.Duration;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.qemu.QemuRunners;
import org.hmsabi.topology.Topology;

/**
 * How a command boots its guests (the CLI's --cache-dir, --boot-timeout, --fresh-boot, --runner and
 * --transport): the one place a {@link GuestSpec} is made from them.
 *
 * @param reuseSavedStates restore guests from saved states where there are some (and save new ones)
 * @param runners          where each fixture's QEMU runs
 */
public record GuestBooting(Path cacheRoot, Duration bootTimeout, boolean reuseSavedStates, QemuRunners runners,
                           GuestSpec.Transport transport) {

    /** The spec of a guest of {@code kernel} on {@code topology}: on the runner for its fixture, saved states as asked. */
    public GuestSpec spec(Kernel kernel, Topology topology) {
        return GuestSpecs.of(kernel, topology, cacheRoot, bootTimeout, transport)
                .withSavedStates(reuseSavedStates)
                .withLauncher(runners.forTopology(topology));
    }
}
