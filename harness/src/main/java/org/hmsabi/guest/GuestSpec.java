package org.hmsabi.guest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * @param vendorModules     modules put into the initramfs under {@link #VENDOR_MODULES_DIR} but not loaded
 *                          by init: validate-driver loads them itself, one by one, through the agent
 * @param launcher          where QEMU runs: on this machine, or in a local container
 * @param silentConsoleLimit how long the console of a fresh boot may stay empty before the boot fails as one
 *                          whose kernel never ran; empty: {@link #defaultSilentConsoleLimit(Duration)} of the
 *                          boot timeout (tests set a short one)
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
        List<Path> vendorModules,
        QemuLauncher launcher,
        Optional<Duration> silentConsoleLimit) {

    /** Modules the virtio agent channel needs where the kernel does not build them in. */
    public static final List<String> TRANSPORT_MODULES = List.of("virtio_pci", "virtio_console");

    /**
     * Drivers for devices the machine may carry, keyed by the QEMU device: a cold-plugged
     * virtio-mem-pci needs virtio_mem (a module in both Debian configs; 6.1 needs virtio_pci first,
     * which KernelModules orders from .modinfo). A CXL type-3 memory device needs the CXL drivers
     * and the DAX path its RAM regions take (Documentation/driver-api/cxl/linux/dax-driver.rst):
     * cxl_acpi (the CXL root from the ACPI0017 device and the CEDT), cxl_pci (the device's
     * mailbox and registers), cxl_mem (its memdev and endpoint port), dax_cxl (a region's DAX
     * region) and kmem (which hands a DAX device to the page allocator). cxl_core and cxl_port are
     * built into Debian's 6.12 and 7.3 kernels (modules.builtin); the rest are modules whose load
     * order, different between them (7.3's cxl_acpi depends on cxl_pmem, its dax_cxl on dax_hmem),
     * comes from each module's own "depends=".
     */
    static final Map<String, List<String>> DEVICE_MODULES = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(Map.of(
            "virtio-mem-pci", List.of("virtio_mem"),
            "cxl-type3", List.of("cxl_acpi", "cxl_pci", "cxl_mem", "dax_cxl", "kmem")))); // sorted: a stable initramfs

    /** The modules init loads for a QEMU device the machine carries, e.g. {@code cxl-type3}; empty for others. */
    public static List<String> deviceModules(String device) {
        return DEVICE_MODULES.getOrDefault(device, List.of());
    }

    /** Where vendor modules are in the guest: {@code /lib/modules/vendor/<file name>}. */
    public static final String VENDOR_MODULES_DIR = "/lib/modules/vendor";

    public GuestSpec {
        topologyArguments = List.copyOf(topologyArguments);
        extraKernelArguments = List.copyOf(extraKernelArguments);
        vendorModules = List.copyOf(vendorModules);
        silentConsoleLimit.ifPresent(limit -> {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("a silent-console limit must be positive: " + limit);
            }
        });
    }

    /** A vendor module's file name in the guest: {@code x.ko} for {@code x.ko} and {@code x.ko.xz} (stored decompressed). */
    public static String vendorModuleName(Path module) {
        return module.getFileName().toString().replaceFirst("\\.xz$", "");
    }

    public GuestSpec withVendorModules(List<Path> modules) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir,
                extraKernelArguments, reuseSavedState, modules, launcher, silentConsoleLimit);
    }

    /** Whether the machine carries a CXL type-3 device, so the guest gets ndctl's cxl tool ({@link GuestTools}). */
    public boolean wantsCxlTool() {
        return topologyArguments.stream().anyMatch(arg -> arg.startsWith("cxl-type3,"));
    }

    /** The modules the guest loads at boot: the transport's, then the drivers of the machine's devices. */
    public List<String> wantedModules() {
        List<String> wanted = new ArrayList<>(TRANSPORT_MODULES);
        DEVICE_MODULES.forEach((device, modules) -> {
            if (topologyArguments.stream().anyMatch(arg -> arg.startsWith(device + ","))) {
                wanted.addAll(modules);
            }
        });
        return wanted;
    }

    /** A guest whose silent-console limit follows its boot timeout. */
    public GuestSpec(String name, Path kernelImage, Optional<Path> modulesDir, boolean hmat, List<String> topologyArguments,
                     Transport transport, Duration bootTimeout, Path cacheDir, List<String> extraKernelArguments,
                     boolean reuseSavedState, List<Path> vendorModules, QemuLauncher launcher) {
        this(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir, extraKernelArguments,
                reuseSavedState, vendorModules, launcher, Optional.empty());
    }

    /** A guest without vendor modules whose QEMU runs on this machine. */
    public GuestSpec(String name, Path kernelImage, Optional<Path> modulesDir, boolean hmat, List<String> topologyArguments,
                     Transport transport, Duration bootTimeout, Path cacheDir, List<String> extraKernelArguments,
                     boolean reuseSavedState) {
        this(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir, extraKernelArguments,
                reuseSavedState, List.of(), QemuLauncher.host());
    }

    /** The agent channel: the fastest the kernel offers, or the 8250 UART that every kernel has. */
    public enum Transport { AUTO, SERIAL }

    public GuestSpec withTransport(Transport newTransport) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, newTransport, bootTimeout, cacheDir,
                extraKernelArguments, reuseSavedState, vendorModules, launcher, silentConsoleLimit);
    }

    public GuestSpec withBootTimeout(Duration newTimeout) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, transport, newTimeout, cacheDir,
                extraKernelArguments, reuseSavedState, vendorModules, launcher, silentConsoleLimit);
    }

    public GuestSpec withExtraKernelArguments(List<String> arguments) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir,
                arguments, reuseSavedState, vendorModules, launcher, silentConsoleLimit);
    }

    public GuestSpec withSavedStates(boolean reuse) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir,
                extraKernelArguments, reuse, vendorModules, launcher, silentConsoleLimit);
    }

    /** The same guest with a silent-console limit of its own instead of the one its boot timeout gives. */
    public GuestSpec withSilentConsoleLimit(Duration limit) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir,
                extraKernelArguments, reuseSavedState, vendorModules, launcher, Optional.of(limit));
    }

    /** The silent-console limit this guest's fresh boots are held to: its own, or the default for its boot timeout. */
    public Duration effectiveSilentConsoleLimit() {
        return silentConsoleLimit.orElseGet(() -> defaultSilentConsoleLimit(bootTimeout));
    }

    /**
     * 30 s, or an eighth of a boot timeout above 240 s (75 s for {@code --boot-timeout 600}): a
     * kernel that runs prints within a second of QEMU starting under TCG (see
     * {@link #kernelCommandLine(boolean)}), so 30 s is ample on a loaded machine, and a raised
     * boot timeout, which says the machine is slow, raises it too. Not shorter than 30 s for a
     * short boot timeout: a limit that fired on a slow but good kernel would blame its image
     * wrongly. With a boot timeout of 30 s or less the boot timeout comes first and the rule
     * never fires.
     */
    public static Duration defaultSilentConsoleLimit(Duration bootTimeout) {
        Duration eighth = bootTimeout.dividedBy(8);
        Duration floor = Duration.ofSeconds(30);
        return eighth.compareTo(floor) > 0 ? eighth : floor;
    }

    public GuestSpec withLauncher(QemuLauncher newLauncher) {
        return new GuestSpec(name, kernelImage, modulesDir, hmat, topologyArguments, transport, bootTimeout, cacheDir,
                extraKernelArguments, reuseSavedState, vendorModules, newLauncher, silentConsoleLimit);
    }

    /**
     * The kernel command line for an agent boot, or for a bare boot that powers off at once.
     * {@code nokaslr}: a randomised physical load address moves the kernel image between nodes
     * from boot to boot, and with it each node's MemTotal; snapshots must not depend on it.
     * {@code no_timer_check}: under TCG on a loaded host the kernel's check that the timer
     * interrupt arrives through the IO-APIC can time out and panic the boot ("IO-APIC + timer
     * doesn't work!", seen once in a full test run at load 6 on 2 cores); the timer works.
     * {@code earlyprintk=serial,ttyS0,115200}: with {@code quiet} and a silent init, a kernel that
     * boots prints nothing on the console until it powers off; the early console makes the
     * decompressor and the first kernel messages (about 1.3 KB) appear within a second of QEMU
     * starting (0.4 s for 6.12, 0.5 s for 6.1, measured), and a decompressor that cannot unpack
     * a damaged image says so ("ZSTD-compressed data is corrupt -- System halted"). That is what
     * lets a boot whose console stays empty, or stops there, fail in seconds (ConsoleWatch).
     */
    String kernelCommandLine(boolean bare) {
        StringBuilder line = new StringBuilder("console=ttyS0 earlyprintk=serial,ttyS0,115200 quiet panic=-1 nokaslr no_timer_check");
        if (bare) {
            line.append(" hmsabi.bare");
        } else if (transport == Transport.SERIAL) {
            line.append(" hmsabi.transport=serial");
        }
        extraKernelArguments.forEach(argument -> line.append(' ').append(argument));
        return line.toString();
    }
}
