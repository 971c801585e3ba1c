package org.hmsabi.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hmsabi.InfrastructureException;

/**
 * A running QEMU, supervised so that it never outlives the harness.
 *
 * <p>QEMU is started under a small bash guard: the guard holds a pipe from this JVM on its
 * stdin and kills QEMU as soon as that pipe closes, which the kernel does when the JVM dies for
 * any reason, SIGKILL included. QEMU itself runs under {@code setpriv --pdeathsig KILL}, so it
 * also dies if the guard is killed. On the normal paths ({@link #close()}, timeouts, exceptions,
 * Ctrl-C through the shutdown hook) the harness kills the guard and QEMU directly.
 */
public final class QemuProcess implements AutoCloseable {
    private static final String GUARD_SCRIPT = String.join("\n",
            "exec 3<&0",
            "setpriv --pdeathsig KILL -- \"$@\" </dev/null &",
            "qemu=$!",
            "( cat <&3; kill -KILL \"$qemu\" ) >/dev/null 2>&1 &",
            "watcher=$!",
            "trap 'kill -KILL \"$qemu\" 2>/dev/null' TERM INT HUP",
            "wait \"$qemu\"; status=$?",
            "kill -KILL \"$watcher\" 2>/dev/null",
            "exit \"$status\"");

    private final Process guard;
    private final OutputStream lifeline;
    private final BoundedLog console;
    private final BoundedLog stderr;
    private final Thread shutdownHook;
    private final List<Thread> pumps = new ArrayList<>();

    private QemuProcess(Process guard, BoundedLog console, BoundedLog stderr) {
        this.guard = guard;
        this.lifeline = guard.getOutputStream();
        this.console = console;
        this.stderr = stderr;
        this.shutdownHook = new Thread(this::kill, "hmsabi-qemu-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        pumps.add(pump(guard.getInputStream(), console, "console"));
        pumps.add(pump(guard.getErrorStream(), stderr, "stderr"));
    }

    /** Starts QEMU; the console (first UART) and QEMU's own messages are captured in bounded logs. */
    public static QemuProcess start(QemuCommand command) {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", GUARD_SCRIPT, "hmsabi-qemu-guard"));
        argv.addAll(command.argv());
        try {
            return supervise(new ProcessBuilder(argv).start());
        } catch (IOException e) {
            throw new InfrastructureException("cannot start QEMU (" + command.binary() + "): " + e.getMessage()
                    + "; install qemu-system-x86 or set HMSABI_QEMU", e);
        }
    }

    /**
     * Supervises a process that stands for QEMU ({@link ContainerProcess} for a containerised one):
     * its stdout is the console, its stderr QEMU's messages, and killing it ends QEMU.
     */
    static QemuProcess supervise(Process process) {
        return new QemuProcess(process, new BoundedLog(64 * 1024, 256 * 1024), new BoundedLog(16 * 1024, 16 * 1024));
    }

    private static Thread pump(InputStream from, BoundedLog into, String what) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                int n;
                while ((n = from.read(buffer)) > 0) {
                    into.append(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // The process went away; what was read is kept.
            }
        }, "hmsabi-qemu-" + what);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    public boolean isAlive() {
        return guard.isAlive();
    }

    public long pid() {
        return guard.pid();
    }

    /**
     * The CPU time (user and system) QEMU has used so far, from {@code /proc/PID/stat} of the
     * guard's descendants named {@code qemu-system-*}: what a guest costs the host, which on a
     * shared machine varies far less than wall time. Empty where there is no such process here
     * (QEMU in a container, not Linux, gone already). Assumes the usual 100 clock ticks a second.
     */
    public Optional<Duration> cpuTime() {
        long ticks = 0;
        boolean found = false;
        for (ProcessHandle process : guard.descendants().toList()) {
            Optional<long[]> times = ProcStat.read(process.pid());
            if (times.isPresent()) {
                found = true;
                ticks += times.get()[0] + times.get()[1];
            }
        }
        return found ? Optional.of(Duration.ofMillis(ticks * 10)) : Optional.empty();
    }

    /** Reads utime and stime of a QEMU process from /proc. */
    private static final class ProcStat {
        static Optional<long[]> read(long pid) {
            try {
                String comm = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/comm")).trim();
                if (!comm.startsWith("qemu-system")) {
                    return Optional.empty();
                }
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
                // Fields after the command (which may hold spaces) start after its last ')': state is field 3, utime 14, stime 15.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                return Optional.of(new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])});
            } catch (IOException | RuntimeException gone) {
                return Optional.empty();
            }
        }
    }

    /** QEMU's exit status, if it has exited. */
    public Optional<Integer> exitStatus() {
        return guard.isAlive() ? Optional.empty() : Optional.of(guard.exitValue());
    }

    /** Waits up to {@code timeout} for QEMU to exit by itself; true if it did. */
    public boolean waitForExit(Duration timeout) {
        try {
            boolean exited = guard.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                drainPumps();
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public BoundedLog console() {
        return console;
    }

    public BoundedLog stderr() {
        return stderr;
    }

    /** The first line QEMU wrote to stderr that looks like its own error, if any. */
    public Optional<String> qemuError() {
        return stderr.text().lines()
                .filter(line -> line.contains("qemu-system") || line.contains("qemu:"))
                .findFirst()
                .map(String::strip);
    }

    /** Kills QEMU and its guard at once; safe to call any number of times, from any thread. */
    public void kill() {
        guard.descendants().forEach(ProcessHandle::destroyForcibly);
        guard.destroyForcibly();
        try {
            lifeline.close();
        } catch (IOException ignored) {
            // Closing the lifeline is only a second way of stopping the guard.
        }
        try {
            guard.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainPumps() {
        for (Thread pump : pumps) {
            try {
                pump.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        kill();
        drainPumps();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; it does the same thing.
        }
    }
}
