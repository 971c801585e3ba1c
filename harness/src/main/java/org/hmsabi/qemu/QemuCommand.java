package org.hmsabi.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The full QEMU command line for one guest. Nothing above this package knows QEMU's flags:
 * callers say which kernel, initramfs, memory topology and agent sockets they want.
 *
 * <p>The guest gets no network, no display and no default devices. The first UART is the
 * console (QEMU's stdout, captured by {@link QemuProcess}); the second UART and a virtio-serial
 * port named {@value #AGENT_PORT_NAME} both lead to the agent sockets, and the guest uses
 * whichever its kernel supports best.
 */
public record QemuCommand(
        String binary,
        Path kernelImage,
        Path initramfs,
        String kernelCommandLine,
        boolean hmat,
        List<String> topologyArguments,
        Path serialAgentSocket,
        Path virtioAgentSocket,
        Optional<Path> qmpSocket,
        Optional<Path> incomingState,
        String cpuModel) {

    /** A command with the CPU model of a QEMU older than 9.0 ({@link #CPU_MODEL}). */
    public QemuCommand(String binary, Path kernelImage, Path initramfs, String kernelCommandLine, boolean hmat,
                       List<String> topologyArguments, Path serialAgentSocket, Path virtioAgentSocket, Optional<Path> qmpSocket,
                       Optional<Path> incomingState) {
        this(binary, kernelImage, initramfs, kernelCommandLine, hmat, topologyArguments, serialAgentSocket, virtioAgentSocket,
                qmpSocket, incomingState, CPU_MODEL);
    }

    public static final String AGENT_PORT_NAME = "org.hmsabi.agent";
    public static final String DEFAULT_BINARY = "qemu-system-x86_64";
    /**
     * TCG with one host thread for all vCPUs (round robin) instead of one per vCPU. The agent works
     * on one vCPU while the others idle; what wakes them is the kernel waiting for every CPU
     * (migrate_pages and move_pages drain the per-CPU LRU caches and synchronize RCU, mbind with
     * MF_MOVE too). With a thread per vCPU each such wait is a host thread wake-up, which on a
     * loaded 2-core host takes milliseconds; in one thread the idle vCPU runs at once. Measured on
     * 6.12, two-socket-hbm, in QEMU CPU time per call: migrate_pages 2,356 us against 96 us,
     * move_pages 3,680 us against 380 us (docs/performance.md).
     */
    public static final String ACCELERATOR = "tcg,thread=single";
    /**
     * {@code max} without ERMS: with ERMS the kernel clears a new page with {@code rep stosb}, which
     * TCG runs one byte per iteration; without it {@code rep stosq}, eight bytes per iteration. A
     * touched page costs about 30% less QEMU CPU time (docs/performance.md). Nothing hmsabi reads
     * depends on the CPU's string-instruction features.
     */
    public static final String CPU_MODEL = "max,-erms";

    /**
     * The CPU model for a QEMU: {@link #CPU_MODEL} up to 8.x (the host's 7.2); plain {@code max}
     * from 9.0 (the trixie image's 10.0), where {@code max,-erms} stops Debian's 6.1.0-57 in its
     * decompressor ("Poking KASLR using RDRAND RDTSC...", no further line in 240 s) while {@code max}
     * boots it in 9 s (measured 2026-12-02, gpu-generic-initiator); an unknown version gets
     * {@code max}, which every kernel boots.
     */
    public static String cpuModelFor(Optional<QemuVersion> version) {
        return version.filter(v -> v.compareTo(QemuVersion.of(9, 0)) < 0).isPresent() ? CPU_MODEL : "max";
    }

    public QemuCommand {
        topologyArguments = List.copyOf(topologyArguments);
    }

    /** The QEMU binary: {@code $HMSABI_QEMU} if set, else the one on PATH. */
    public static String defaultBinary() {
        String override = System.getenv("HMSABI_QEMU");
        return override == null || override.isBlank() ? DEFAULT_BINARY : override;
    }

    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(binary);
        argv.addAll(List.of(
                "-machine", hmat ? "q35,hmat=on" : "q35",
                "-accel", ACCELERATOR,
                "-cpu", cpuModel,
                "-nodefaults",
                "-display", "none",
                "-nic", "none",
                "-no-reboot",
                "-monitor", "none",
                "-chardev", "stdio,id=console,signal=off",
                "-serial", "chardev:console",
                "-chardev", "socket,id=agent-serial,path=" + serialAgentSocket,
                "-serial", "chardev:agent-serial",
                "-device", "virtio-serial-pci,id=agent-bus",
                "-chardev", "socket,id=agent-virtio,path=" + virtioAgentSocket,
                "-device", "virtserialport,bus=agent-bus.0,chardev=agent-virtio,name=" + AGENT_PORT_NAME));
        qmpSocket.ifPresent(qmp -> argv.addAll(List.of("-qmp", "unix:" + qmp + ",server=on,wait=off")));
        // A saved guest state (see guest.SavedStates) is read by QEMU itself; the path is ours, never the guest's.
        incomingState.ifPresent(state -> argv.addAll(List.of("-incoming", "exec:cat " + shellQuoted(state.toString()))));
        argv.addAll(topologyArguments);
        argv.addAll(List.of(
                "-kernel", kernelImage.toString(),
                "-initrd", initramfs.toString(),
                "-append", kernelCommandLine));
        return argv;
    }

    /** The same machine, without the per-run socket paths: what a saved guest state depends on. */
    public List<String> machineIdentity() {
        return argv().stream()
                .map(arg -> arg.replace(serialAgentSocket.toString(), "<serial>").replace(virtioAgentSocket.toString(), "<virtio>"))
                .filter(arg -> !arg.startsWith("unix:") && !arg.startsWith("exec:cat "))
                .filter(arg -> !arg.equals("-qmp") && !arg.equals("-incoming"))
                .toList();
    }

    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The command line as a person would paste it into a shell (for reproducers and logs). */
    public String shellLine() {
        StringBuilder line = new StringBuilder();
        for (String arg : argv()) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
