package org.hmsabi.guest;

import java.util.List;
import java.util.Map;
import org.hmsabi.qemu.NumaArguments;
import org.hmsabi.qemu.QmpClient;

/**
 * A running guest's machine side for memory hot-plug, over its QEMU monitor: DIMMs added and
 * removed, virtio-mem devices resized, and what QEMU reports back. It only asks and reads; how
 * long to wait for the guest is the caller's to decide. The caller closes it (QEMU takes one
 * monitor client at a time).
 */
public final class MemoryMonitor implements AutoCloseable {
    private final QmpClient qmp;

    MemoryMonitor(QmpClient qmp) {
        this.qmp = qmp;
    }

    /** The QOM id of the {@code index}-th virtio-mem device the topology's command line declares. */
    public static String virtioMemDeviceId(int index) {
        return NumaArguments.virtioMemDeviceId(index);
    }

    /** Adds a DIMM of {@code sizeBytes} to {@code node}, backed by RAM of its own. */
    public void addDimm(String id, int node, long sizeBytes) {
        qmp.execute("object-add", Map.of("qom-type", "memory-backend-ram", "id", backendOf(id), "size", sizeBytes));
        qmp.execute("device_add", Map.of("driver", "pc-dimm", "id", id, "memdev", backendOf(id), "node", node));
    }

    /** Asks for the DIMM's removal: the guest must offline and eject it, then QEMU reports {@link #dimmDeleted}. */
    public void requestDimmRemoval(String id) {
        qmp.execute("device_del", Map.of("id", id));
    }

    /** Whether QEMU reported the DIMM's DEVICE_DELETED (the event is taken). */
    public boolean dimmDeleted(String id) {
        return qmp.takeEvent("DEVICE_DELETED", "device", id);
    }

    /** Drops a deleted DIMM's RAM backend. */
    public void dropDimmBackend(String id) {
        qmp.execute("object-del", Map.of("id", backendOf(id)));
    }

    /** Asks the virtio-mem device to reach {@code bytes}; the guest driver plugs or unplugs the difference. */
    public void requestVirtioMemSize(String id, long bytes) {
        qmp.execute("qom-set", Map.of("path", peripheral(id), "property", "requested-size", "value", bytes));
    }

    /** The virtio-mem device's plugged size, -1 if QEMU gives none. */
    public long virtioMemSize(String id) {
        return qmp.execute("qom-get", Map.of("path", peripheral(id), "property", "size")).asLong(-1);
    }

    /** The names of the QEMU events seen so far, for messages. */
    public List<String> eventNames() {
        return qmp.eventNames();
    }

    @Override
    public void close() {
        qmp.close();
    }

    /** The QOM id of a hot-plugged DIMM's RAM backend. */
    static String backendOf(String deviceId) {
        return deviceId + "-ram";
    }

    private static String peripheral(String id) {
        return "/machine/peripheral/" + id;
    }
}
