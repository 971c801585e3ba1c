package org.hmsabi.hotplug;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.qemu.QmpClient;

/**
 * Performs memory events on the machine side, over QEMU's monitor. It waits only for what QEMU
 * itself reports (a DIMM's DEVICE_DELETED, a virtio-mem device's plugged size); what the guest
 * makes of the memory is {@link GuestMemory}'s to wait for.
 */
public final class MemoryDevices {
    private static final Duration POLL = Duration.ofMillis(200);

    private final QmpClient qmp;
    private final Duration timeout;
    private final String context;

    /**
     * @param context how errors name the guest, e.g. {@code debian:6.1.0-56 on cxl-far-memory}
     */
    public MemoryDevices(QmpClient qmp, Duration timeout, String context) {
        this.qmp = qmp;
        this.timeout = timeout;
        this.context = context;
    }

    public void perform(MemoryEvent event) {
        if (event instanceof MemoryEvent.DimmAdd add) {
            qmp.execute("object-add", Map.of("qom-type", "memory-backend-ram", "id", backendOf(add.id()), "size", add.sizeBytes()));
            qmp.execute("device_add", Map.of("driver", "pc-dimm", "id", add.id(), "memdev", backendOf(add.id()), "node", add.node()));
        } else if (event instanceof MemoryEvent.DimmRemove remove) {
            qmp.execute("device_del", Map.of("id", remove.id()));
            // The guest must offline and eject the DIMM first; QEMU reports DEVICE_DELETED when it did.
            waitFor(event, "QEMU to report DEVICE_DELETED (the guest did not eject the DIMM)",
                    () -> qmp.takeEvent("DEVICE_DELETED", "device", remove.id()));
            qmp.execute("object-del", Map.of("id", backendOf(remove.id())));
        } else if (event instanceof MemoryEvent.VirtioMemResize resize) {
            String path = "/machine/peripheral/" + resize.id();
            qmp.execute("qom-set", Map.of("path", path, "property", "requested-size", "value", resize.toBytes()));
            waitFor(event, "the virtio-mem device to reach size " + resize.toBytes() + " (the guest driver did not "
                    + (resize.deltaBytes() > 0 ? "plug" : "unplug") + " it)",
                    () -> qmp.execute("qom-get", Map.of("path", path, "property", "size")).asLong(-1) == resize.toBytes());
        } else if (event instanceof MemoryEvent.CxlAttach cxl) {
            throw new InfrastructureException(context + ": " + cxl.describe()
                    + " cannot be attached at run time; probe CxlSupport first and skip the event");
        }
    }

    /** The QOM id of a hot-plugged DIMM's RAM backend. */
    static String backendOf(String deviceId) {
        return deviceId + "-ram";
    }

    private void waitFor(MemoryEvent event, String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(timeout).pollInterval(POLL).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new InfrastructureException(context + ", " + event.describe() + ": waited " + timeout.toSeconds() + " s for "
                    + what + "; QEMU events so far: " + qmp.eventNames());
        }
    }
}
