package org.hmsabi.hotplug;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.guest.MemoryMonitor;

/**
 * Performs memory events on the machine side, over QEMU's monitor. It waits only for what QEMU
 * itself reports (a DIMM's DEVICE_DELETED, a virtio-mem device's plugged size); what the guest
 * makes of the memory is {@link GuestMemory}'s to wait for.
 */
public final class MemoryDevices {
    private static final Duration POLL = Duration.ofMillis(200);

    private final MemoryMonitor monitor;
    private final Duration timeout;
    private final String context;

    /**
     * @param context how errors name the guest, e.g. {@code debian:6.1.0-56 on cxl-far-memory}
     */
    public MemoryDevices(MemoryMonitor monitor, Duration timeout, String context) {
        this.monitor = monitor;
        this.timeout = timeout;
        this.context = context;
    }

    public void perform(MemoryEvent event) {
        if (event instanceof MemoryEvent.DimmAdd add) {
            monitor.addDimm(add.id(), add.node(), add.sizeBytes());
        } else if (event instanceof MemoryEvent.DimmRemove remove) {
            monitor.requestDimmRemoval(remove.id());
            // The guest must offline and eject the DIMM first; QEMU reports DEVICE_DELETED when it did.
            waitFor(event, "QEMU to report DEVICE_DELETED (the guest did not eject the DIMM)",
                    () -> monitor.dimmDeleted(remove.id()));
            monitor.dropDimmBackend(remove.id());
        } else if (event instanceof MemoryEvent.VirtioMemResize resize) {
            monitor.requestVirtioMemSize(resize.id(), resize.toBytes());
            waitFor(event, "the virtio-mem device to reach size " + resize.toBytes() + " (the guest driver did not "
                    + (resize.deltaBytes() > 0 ? "plug" : "unplug") + " it)",
                    () -> monitor.virtioMemSize(resize.id()) == resize.toBytes());
        }
    }

    private void waitFor(MemoryEvent event, String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(timeout).pollInterval(POLL).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new InfrastructureException(context + ", " + event.describe() + ": waited " + timeout.toSeconds() + " s for "
                    + what + "; QEMU events so far: " + monitor.eventNames());
        }
    }
}
