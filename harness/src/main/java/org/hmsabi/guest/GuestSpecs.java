package org.hmsabi.guest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.qemu.NumaArguments;
import org.hmsabi.topology.Topology;

/** Builds the {@link GuestSpec} for a kernel booted on a topology. */
public final class GuestSpecs {
    /** TCG boots a Debian kernel in 3 to 9 s; a 36-node topology on a loaded 2-core machine needs far more headroom. */
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(240);

    private GuestSpecs() {
    }

    public static GuestSpec of(Kernel kernel, Topology topology, Path cacheRoot) {
        return of(kernel, topology, cacheRoot, DEFAULT_BOOT_TIMEOUT, GuestSpec.Transport.AUTO);
    }

    public static GuestSpec of(Kernel kernel, Topology topology, Path cacheRoot, Duration bootTimeout,
                               GuestSpec.Transport transport) {
        return new GuestSpec(kernel.reference() + " on " + topology.name(), kernel.image(), kernel.modulesDir(),
                NumaArguments.needsHmat(topology), NumaArguments.forTopology(topology), transport, bootTimeout, cacheRoot, List.of(), true);
    }
}
