package org.hmsabi.topology;

import org.hmsabi.qemu.NumaArguments;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks the real qemu-system-x86_64 whether it accepts a topology's arguments, without booting:
 * QEMU builds the whole machine (including the ACPI tables and any devices) with the CPUs
 * stopped ({@code -S}), then the QMP {@code quit} command ends it. Exit 0 means accepted;
 * otherwise stderr says why. No kernel and no disk are needed, and the guest RAM is never
 * touched, so this takes well under a second per topology.
 */
final class QemuVerdict {

    private static final String QEMU = "qemu-system-x86_64";
    private static final long TIMEOUT_SECONDS = 60;

    /** What QEMU said. */
    record Verdict(int exitCode, String stderr) {
        boolean accepted() {
            return exitCode == 0;
        }
    }

    private QemuVerdict() {
    }

    static boolean qemuInstalled() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, QEMU))) {
                return true;
            }
        }
        return false;
    }

    /** QEMU's verdict on the topology's arguments plus {@code extra} (e.g. hot-plug devices). */
    static Verdict of(Topology topology, List<String> extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(QEMU,
                "-machine", NumaArguments.needsHmat(topology) ? "q35,hmat=on" : "q35",
                "-accel", "tcg", "-display", "none", "-nodefaults", "-S", "-qmp", "stdio"));
        command.addAll(NumaArguments.forTopology(topology));
        command.addAll(extra);
        Path stderr = Files.createTempFile("qemu-verdict", ".err");
        Process qemu = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        try {
            try (OutputStream in = qemu.getOutputStream()) {
                in.write("{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"quit\"}\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // QEMU rejected its options and exited before reading QMP; its exit code tells.
            }
            if (!qemu.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("qemu did not quit within " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Verdict(qemu.exitValue(), Files.readString(stderr).strip());
        } finally {
            // Never leave a QEMU behind, whatever happened above.
            qemu.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }

    /**
     * The verdict of the QEMU that {@code launcher} runs (the container runner's trixie image) on the
     * topology's arguments plus {@code extra}. A container has no QMP on stdin, so QEMU daemonizes
     * instead: its parent exits 0 once the machine (its ACPI tables included) is created, or prints
     * the error that stopped it (the container, with the child, is removed afterwards).
     */
    static Verdict of(org.hmsabi.qemu.QemuLauncher launcher, Topology topology, List<String> extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "-machine", NumaArguments.needsHmat(topology) ? "q35,hmat=on" : "q35",
                "-accel", "tcg", "-display", "none", "-nodefaults", "-S", "-daemonize", "-monitor", "none", "-serial", "none"));
        arguments.addAll(NumaArguments.forTopology(topology));
        arguments.addAll(extra);
        String output = launcher.query(arguments).strip();
        boolean refused = output.lines().anyMatch(line -> line.startsWith(QEMU + ": ") && !line.startsWith(QEMU + ": warning"));
        return new Verdict(refused ? 1 : 0, output);
    }

    /**
     * Why QEMU would refuse to migrate (and so to save the state of) a guest of the topology's
     * arguments: the {@code blocked-reasons} of QMP {@code query-migrate}, asked of the machine
     * built with its CPUs stopped; empty when a state can be saved.
     */
    static List<String> migrationBlockers(Topology topology) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(QEMU,
                "-machine", NumaArguments.needsHmat(topology) ? "q35,hmat=on" : "q35",
                "-accel", "tcg", "-display", "none", "-nodefaults", "-S", "-qmp", "stdio"));
        command.addAll(NumaArguments.forTopology(topology));
        Process qemu = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            try (OutputStream in = qemu.getOutputStream()) {
                in.write("{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"query-migrate\"}\n{\"execute\":\"quit\"}\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
            String replies = new String(qemu.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!qemu.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || qemu.exitValue() != 0) {
                throw new IllegalStateException("qemu did not build the machine and quit: " + command);
            }
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<String> reasons = new ArrayList<>();
            boolean answered = false;
            for (String line : replies.lines().toList()) {
                com.fasterxml.jackson.databind.JsonNode reply = json.readTree(line).path("return");
                if (reply.isObject() && reply.has("blocked-reasons")) {
                    reply.get("blocked-reasons").forEach(reason -> reasons.add(reason.asText()));
                }
                answered |= reply.isObject();
            }
            if (!answered) {
                throw new IllegalStateException("qemu did not answer query-migrate: " + replies);
            }
            return reasons;
        } finally {
            qemu.destroyForcibly();
        }
    }

    /** Cold-plugs the declared hot-plug devices, to ask QEMU whether they would fit. */
    static List<String> coldPlugged(Topology topology) {
        List<String> args = new ArrayList<>();
        // virtio-mem and device-memory are part of the machine already (NumaArguments cold-plugs them).
        List<HotPlugDevice> devices = topology.hotPlug().map(room -> room.devices(HotPlugDeviceKind.DIMM)).orElse(List.of());
        for (int i = 0; i < devices.size(); i++) {
            HotPlugDevice device = devices.get(i);
            String backend = "hotplug" + i;
            args.addAll(List.of("-object", "memory-backend-ram,id=" + backend + ",size=" + device.sizeBytes()));
            args.addAll(List.of("-device", switch (device.kind()) {
                case DIMM -> "pc-dimm,memdev=" + backend + ",node=" + device.node();
                case VIRTIO_MEM, DEVICE_MEMORY -> throw new IllegalStateException(device.kind() + " is cold-plugged by NumaArguments");
            }));
        }
        return args;
    }
}
