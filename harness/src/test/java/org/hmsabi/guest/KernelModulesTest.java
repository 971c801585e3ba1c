package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelModulesTest {

    @TempDir
    Path dir;

    @Test
    void ordersDependenciesFirstAndSkipsBuiltins() throws IOException {
        Files.writeString(dir.resolve("modules.dep"), String.join("\n",
                "kernel/drivers/char/virtio_console.ko.xz: kernel/drivers/virtio/virtio.ko.xz kernel/drivers/virtio/virtio_ring.ko.xz",
                "kernel/drivers/virtio/virtio_pci.ko.xz: kernel/drivers/virtio/virtio_pci_modern_dev.ko.xz kernel/drivers/virtio/virtio.ko.xz kernel/drivers/virtio/virtio_ring.ko.xz",
                "kernel/drivers/virtio/virtio_pci_modern_dev.ko.xz:",
                "kernel/drivers/virtio/virtio_ring.ko.xz:",
                "kernel/drivers/virtio/virtio.ko.xz: kernel/drivers/virtio/virtio_ring.ko.xz",
                ""));
        Files.writeString(dir.resolve("modules.builtin"), "kernel/drivers/tty/serial/8250/8250.ko\n");
        KernelModules modules = KernelModules.read(dir);

        List<String> order = modules.loadOrder(List.of("virtio_pci", "virtio_console", "8250", "absent")).stream()
                .map(path -> dir.relativize(path).toString()).toList();

        assertThat(order).containsExactly(
                "kernel/drivers/virtio/virtio_pci_modern_dev.ko.xz",
                "kernel/drivers/virtio/virtio_ring.ko.xz",
                "kernel/drivers/virtio/virtio.ko.xz",
                "kernel/drivers/virtio/virtio_pci.ko.xz",
                "kernel/drivers/char/virtio_console.ko.xz");
        assertThat(modules.isBuiltin("8250")).isTrue();
        assertThat(modules.isModule("virtio-console")).isTrue();
    }
}
