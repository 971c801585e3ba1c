package org.hmsabi.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which harness process a container belongs to, as its {@code org.hmsabi.owner} label says:
 * {@code host/pid/start-ticks}. The start time (field 22 of /proc/PID/stat) tells a live owner
 * from a new process that was given a dead owner's pid. ci/docker-up reads the same label.
 */
public record ContainerOwner(String host, long pid, long startTicks) {

    public static ContainerOwner current() {
        long pid = ProcessHandle.current().pid();
        return new ContainerOwner(hostName(), pid, startTicks(pid).orElse(0L));
    }

    public static Optional<ContainerOwner> parse(String label) {
        String[] parts = label == null ? new String[0] : label.split("/");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ContainerOwner(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String label() {
        return host + "/" + pid + "/" + startTicks;
    }

    /**
     * True unless this is certainly a dead owner: on this host, and no process with this pid
     * and start time. An owner on another host (a shared engine) is not ours to judge.
     */
    public boolean mayBeAlive() {
        return !host.equals(hostName()) || startTicks(pid).filter(ticks -> ticks == startTicks).isPresent();
    }

    /** The start time of process {@code pid} in clock ticks since boot, if it exists. */
    static Optional<Long> startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Optional.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
