package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class KernelModulesTest {

    @TempDir
    Path dir;

    /** A stand-in module: some ELF-ish bytes with a .modinfo-style NUL-separated string table. */
    private void module(String relative, String depends, boolean xz) throws IOException {
        byte[] body = ("\u007fELF\0\0license=GPL\0depends=" + depends + "\0name=x\0").getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("kernel").resolve(relative + (xz ? ".ko.xz" : ".ko"));
        Files.createDirectories(file.getParent());
        if (xz) {
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            try (OutputStream out = new XZOutputStream(packed, new LZMA2Options())) {
                out.write(body);
            }
            Files.write(file, packed.toByteArray());
        } else {
            Files.write(file, body);
        }
    }

    @Test
    void ordersDependenciesFirstAndSkipsBuiltins() throws IOException {
        module("drivers/char/virtio_console", "virtio,virtio_ring", true);
        module("drivers/virtio/virtio_pci", "virtio_pci_modern_dev,virtio,virtio_ring", true);
        module("drivers/virtio/virtio_pci_modern_dev", "", true);
        module("drivers/virtio/virtio_ring", "", false);
        module("drivers/virtio/virtio", "virtio_ring", false);
        Files.writeString(dir.resolve("modules.builtin"), "kernel/drivers/tty/serial/8250/8250.ko\n");
        KernelModules modules = KernelModules.read(dir);

        List<String> order = modules.loadOrder(List.of("virtio_pci", "virtio_console", "8250", "absent")).stream()
                .map(path -> path.getFileName().toString()).toList();

        assertThat(order).containsExactly("virtio_pci_modern_dev.ko.xz", "virtio_ring.ko", "virtio.ko",
                "virtio_pci.ko.xz", "virtio_console.ko.xz");
        assertThat(modules.isBuiltin("8250")).isTrue();
        assertThat(modules.isModule("virtio-console")).isTrue();
    }

    @Test
    void decompressesXzModules() throws IOException {
        module("drivers/a", "b", true);
        Path file = dir.resolve("kernel/drivers/a.ko.xz");
        assertThat(new String(KernelModules.moduleBytes(file), StandardCharsets.US_ASCII)).startsWith("\u007fELF");
        assertThat(KernelModules.dependenciesOf(file)).containsExactly("b");
    }
}
