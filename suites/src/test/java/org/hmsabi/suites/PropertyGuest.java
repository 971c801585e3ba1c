package org.hmsabi.suites;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.topology.Topology;

/**
 * One booted guest that a whole property container shares: booting per try would cost seconds
 * per try, while a batch of calls costs milliseconds. Started and stopped by
 * {@link OneGuestPerContainer} around the container, so no qemu outlives it.
 */
record PropertyGuest(Guest guest, MempolicyClient client, Topology topology, SyscallFacts facts, NodeRoles roles,
                     String release, String kernelReference) implements AutoCloseable {

    /** The guest of each running container; containers run one after the other. */
    private static final Map<Class<?>, PropertyGuest> RUNNING = new ConcurrentHashMap<>();

    static PropertyGuest boot(int kernelIndex, String topologyName) {
        String reference = TestGuests.defaultKernelReferences().get(kernelIndex);
        Topology topology = TestGuests.topology(topologyName);
        Guest guest = TestGuests.boot(TestGuests.kernel(reference), topology);
        MempolicyClient client = new MempolicyClient(guest.session());
        return new PropertyGuest(guest, client, topology, SyscallFacts.of(topology), NodeRoles.of(topology),
                client.kernelRelease(), reference);
    }

    static void start(Class<?> container, int kernelIndex, String topologyName) {
        stop(container);
        RUNNING.put(container, boot(kernelIndex, topologyName));
    }

    static void stop(Class<?> container) {
        PropertyGuest running = RUNNING.remove(container);
        if (running != null) {
            running.close();
        }
    }

    /** The guest of a container (a property's or generator's {@code getClass()}). */
    static PropertyGuest of(Class<?> container) {
        PropertyGuest running = RUNNING.get(container);
        if (running == null) {
            throw new IllegalStateException("no guest for " + container.getSimpleName() + "; it needs @GuestTarget and OneGuestPerContainer");
        }
        return running;
    }

    KernelVersion version() {
        return KernelVersion.parse(release);
    }

    /** Where this guest runs, for messages: {@code debian:6.1.0-56 on hms-4s32g}. */
    String where() {
        return kernelReference + " on " + topology.name();
    }

    @Override
    public void close() {
        guest.close();
    }
}
