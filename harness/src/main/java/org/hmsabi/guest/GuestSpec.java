package org.hmsabi.guest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hmsabi.qemu.QemuLauncher;

/**
 * Everything needed to boot one guest, in the harness's terms rather than QEMU's.
 *
 * @param name              how messages name this guest, e.g. {@code debian:6.12.117+deb12 on two-socket-hbm}
 * @param kernelImage       the bzImage / vmlinuz to boot
 * @param modulesDir        lib/modules/RELEASE of that kernel, when it has loadable modules
 * @param hmat              whether the topology describes HMAT (the machine needs hmat=on)
 * @param topologyArguments QEMU's memory-topology arguments (-smp, -m, -object, -numa ...)
 * @param transport         which agent channel the guest should use
 * @param bootTimeout       how long booting to the agent's hello may take
 * @param cacheDir          where generated initramfs images are kept
 * @param extraKernelArguments appended to the kernel command line (debugging, fault injection)
 * @param reuseSavedState   restore the guest from a saved state when one exists (and save one after a fresh boot)
 * @param launcher          where QEMU runs: on this machine, or in a local container
 */
public record GuestSpec(
        String name,
        Path kernelImage,
        Optional<Path> modulesDir,
        boolean hmat,
        List<String> topologyArguments,
        Transport transport,
        Duration bootTimeout,
        Path cacheDir,
        List<String> extraKernelArguments,
        boolean reuseSavedState,
        QemuLauncher launcher) {

    /** Modules the virtio agent channel needs where the kernel does not build them in. */
    public static final List<String> TRANSPORT_MODULES = List.of("virtio_pci", "virtio_console");

    public GuestSpec {
        topologyArguments = List.copyOf(topologyArguments);
        extraKernelArguments = List.copyOf(extraKernelArguments);
    }

    /** A guest whose QEMU runs on this machine. */
    public GuestSpec(String name, Path kernelImage, Optional<Path> modulesDir, boolean hmat, List<String> topologyArguments,
                     Transport transport, Duration bootTimeout, Path cacheDir, List<String> extraKernelArguments,
                     boolean reuseSavedState) {
        this(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir, extraKernelArguments,
                reuseSavedState, QemuLauncher.host());
    }

    /** The agent channel: the fastest the kernel offers, or the 8250 UART that every kernel has. */
    public enum Transport { AUTO, SERIAL }

    public GuestSpec withTransport(Transport newTransport) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, newTransport, bootTimeout, cacheDir,
                extraKernelArguments, reuseSavedState, launcher);
    }

    public GuestSpec withBootTimeout(Duration newTimeout) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, transport, newTimeout, cacheDir,
                extraKernelArguments, reuseSavedState, launcher);
    }

    public GuestSpec withExtraKernelArguments(List<String> arguments) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir,
                arguments, reuseSavedState, launcher);
    }

    public GuestSpec withSavedStates(boolean reuse) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir,
                extraKernelArguments, reuse, launcher);
    }

    public GuestSpec withLauncher(QemuLauncher newLauncher) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir,
                extraKernelArguments, reuseSavedState, newLauncher);
    }

    /**
     * The kernel command line for an agent boot, or for a bare boot that powers off at once.
     * {@code nokaslr}: a randomised physical load address moves the kernel image between nodes
     * from boot to boot, and with it each node's MemTotal; snapshots must not depend on it.
     */
    String kernelCommandLine(boolean bare) {
        StringBuilder line = new StringBuilder("console=ttyS0 quiet panic=-1 nokaslr");
        if (bare) {
            line.append(" hmsabi.bare");
        } else if (transport == Transport.SERIAL) {
            line.append(" hmsabi.transport=serial");
        }
        extraKernelArguments.forEach(argument -> line.append(' ').append(argument));
        return line.toString();
    }
}
