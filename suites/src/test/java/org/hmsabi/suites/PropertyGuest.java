package org.hmsabi.suites;

import org.hmsabi.guest.Guest;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.spec.SyscallKernelVersion;
import org.hmsabi.topology.Topology;

/**
 * One booted guest that a whole property container shares: booting per try would cost seconds
 * per try, while a batch of calls costs milliseconds. Opened in {@code @BeforeContainer}, closed
 * in {@code @AfterContainer}, so no qemu outlives the container.
 */
record PropertyGuest(Guest guest, MempolicyClient client, SyscallFacts facts, String release, String kernelReference)
        implements AutoCloseable {

    /** The kernel the properties run on: {@code -Dhmsabi.kernel=0} picks the baseline (6.1), default the candidate (6.12). */
    static String chosenKernelReference() {
        return TestGuests.defaultKernelReferences().get(Integer.getInteger("hmsabi.kernel", 1));
    }

    static PropertyGuest boot(String topologyName) {
        String reference = chosenKernelReference();
        Topology topology = TestGuests.topology(topologyName);
        Guest guest = TestGuests.boot(TestGuests.kernel(reference), topology);
        MempolicyClient client = new MempolicyClient(guest.session());
        return new PropertyGuest(guest, client, SyscallFacts.of(topology), client.kernelRelease(), reference);
    }

    SyscallKernelVersion version() {
        return SyscallKernelVersion.parse(release);
    }

    @Override
    public void close() {
        guest.close();
    }
}
