package org.hmsabi.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hmsabi.InfrastructureException;
import org.hmsabi.kernel.KernelCache;
import org.hmsabi.LocalFiles;
import org.hmsabi.qemu.QemuCommand;
import org.hmsabi.qemu.QemuRequirements;
import org.hmsabi.qemu.QemuProcess;
import org.hmsabi.qemu.QmpClient;

/**
 * A booted guest whose agent has said hello. Closing it asks the agent to power off, waits a
 * bounded time, and kills QEMU whatever happened; a guest is never left running.
 *
 * <p>With {@link GuestSpec#reuseSavedState()} a guest that was booted before on the same QEMU,
 * machine, kernel and initramfs is restored from its saved state ({@link SavedStates}) instead
 * of booted; a fresh boot saves its state for next time. A state that fails to restore is
 * discarded and the guest is booted.
 */
public final class Guest implements AutoCloseable {
    private static final Duration POWEROFF_GRACE = Duration.ofSeconds(10);
    private static final Duration MONITOR_TIMEOUT = Duration.ofSeconds(30);

    private final GuestSpec spec;
    private final Launch launch;
    private final AgentSession session;
    private final Duration bootTime;
    private final boolean restored;

    private Guest(GuestSpec spec, Launch launch, AgentSession session, Duration bootTime, boolean restored) {
        this.spec = spec;
        this.launch = launch;
        this.session = session;
        this.bootTime = bootTime;
        this.restored = restored;
    }

    /** Boots (or restores) the guest and waits for its agent; on any failure QEMU is gone before this throws. */
    public static Guest boot(GuestSpec spec) {
        QemuRequirements.check(spec.name(), spec.topologyArguments(), spec.launcher()); // before anything is built or booted
        Path initramfs = initramfsFor(spec);
        if (!spec.reuseSavedState()) {
            return freshBoot(spec, initramfs, Optional.empty());
        }
        SavedStates states = new SavedStates(spec.cacheDir());
        String key = states.key(command(spec, initramfs, false, Path.of("/"), Path.of("/"), Optional.empty(), Optional.empty()),
                spec.launcher());
        Optional<Path> state = states.find(key);
        if (state.isPresent()) {
            try {
                Guest restored = restore(spec, initramfs, state.get());
                states.touch(state.get());
                return restored;
            } catch (InfrastructureException unusable) {
                states.discard(key); // e.g. written by another QEMU build: boot instead, and save anew
            }
        }
        return freshBoot(spec, initramfs, Optional.of(guest -> guest.saveState(states, key)));
    }

    private static Guest freshBoot(GuestSpec spec, Path initramfs, Optional<Consumer<Guest>> afterHello) {
        Launch launch = Launch.start(spec, initramfs, false, Optional.empty());
        try {
            ChannelAndHello ready = awaitHello(spec, launch, ConsoleWatch.forFreshBoot(spec));
            Guest guest = new Guest(spec, launch, new AgentSession(ready.channel(), ready.hello(), spec.name()),
                    Duration.between(launch.started(), Instant.now()), false);
            afterHello.ifPresent(action -> action.accept(guest));
            return guest;
        } catch (GuestBootException e) {
            launch.close();
            throw withCacheCheck(e, spec);
        } catch (RuntimeException e) {
            launch.close();
            throw e;
        }
    }

    /**
     * A failed fresh boot of a cached Debian kernel checks every file of its cache entry; a damaged
     * entry is removed (the next run fetches it anew) and named in the failure.
     */
    private static GuestBootException withCacheCheck(GuestBootException failure, GuestSpec spec) {
        Optional<String> damage = KernelCache.checkAfterFailedBoot(spec.kernelImage());
        if (damage.isEmpty()) {
            return failure;
        }
        return new GuestBootException(GuestBootException.Kind.DAMAGED_CACHE, failure.getMessage()
                + "; the cached kernel was damaged (" + damage.get() + ") and has been removed: run again to fetch it anew",
                failure.console());
    }

    private static Guest restore(GuestSpec spec, Path initramfs, Path state) {
        Launch launch = Launch.start(spec, initramfs, false, Optional.of(state));
        try (QmpClient qmp = QmpClient.connect(launch.qmpSocket(), MONITOR_TIMEOUT)) {
            String status = qmp.awaitStatusOtherThan("inmigrate", spec.bootTimeout());
            if (!status.equals("paused") && !status.equals("running")) {
                throw new InfrastructureException(spec.name() + ": restoring the saved state ended in '" + status + "'");
            }
            qmp.execute("cont", Map.of());
            // The agent said hello before the state was saved; ask again on every channel, it answers on its own.
            AgentRequest hello = new AgentRequest(Integer.MAX_VALUE, "hello", List.of());
            launch.channels().stream().filter(AgentChannel::isConnected).forEach(channel -> channel.send(hello.line()));
            // No console watch: a restored guest prints nothing new on its console.
            ChannelAndHello ready = awaitHello(spec, launch, Optional.empty());
            return new Guest(spec, launch, new AgentSession(ready.channel(), ready.hello(), spec.name()),
                    Duration.between(launch.started(), Instant.now()), true);
        } catch (RuntimeException e) {
            launch.close();
            throw e instanceof InfrastructureException infrastructure ? infrastructure
                    : new InfrastructureException(spec.name() + ": cannot restore the saved state: " + e.getMessage(), e);
        }
    }

    /** Best effort: a guest whose state cannot be saved still serves this run. */
    private void saveState(SavedStates states, String key) {
        try (QmpClient qmp = QmpClient.connect(launch.qmpSocket(), MONITOR_TIMEOUT)) {
            states.save(qmp, key);
        } catch (InfrastructureException notSaved) {
            // next run boots again
        }
    }

    /**
     * Boots with the same machine and initramfs but an init that powers off at once, and returns
     * how long QEMU ran: the baseline that a snapshot's cost is measured against. An image that
     * never runs fails as in {@link #boot(GuestSpec)}, without waiting for the boot timeout.
     */
    public static Duration bootBare(GuestSpec spec) {
        QemuRequirements.check(spec.name(), spec.topologyArguments(), spec.launcher());
        Launch launch = Launch.start(spec, initramfsFor(spec), true, Optional.empty());
        try {
            Optional<ConsoleWatch> watch = ConsoleWatch.forFreshBoot(spec);
            Instant deadline = launch.started().plus(spec.bootTimeout());
            while (!launch.qemu().waitForExit(Duration.ofMillis(50))) {
                if (!Instant.now().isBefore(deadline)) {
                    throw new InfrastructureException(spec.name() + ": bare boot did not power off within "
                            + spec.bootTimeout().toSeconds() + " s; last console line: " + launch.qemu().console().lastLines(1));
                }
                Optional<GuestBootException> failed = check(watch, launch);
                if (failed.isPresent()) {
                    throw failed.get();
                }
            }
            return Duration.between(launch.started(), Instant.now());
        } finally {
            launch.close();
        }
    }

    static QemuCommand command(GuestSpec spec, Path initramfs, boolean bare, Path serialSocket, Path virtioSocket,
                               Optional<Path> qmpSocket, Optional<Path> incomingState) {
        return new QemuCommand(spec.launcher().binary(), spec.kernelImage(), initramfs, spec.kernelCommandLine(bare),
                spec.hmat(), spec.topologyArguments(), serialSocket, virtioSocket, qmpSocket, incomingState,
                QemuCommand.cpuModelFor(qemuVersion(spec)));
    }

    /** The launcher's QEMU version, or empty where it cannot be asked now (no engine yet: the boot itself names that). */
    private static Optional<org.hmsabi.qemu.QemuVersion> qemuVersion(GuestSpec spec) {
        try {
            return org.hmsabi.qemu.QemuRequirements.version(spec.launcher());
        } catch (org.hmsabi.HmsabiException cannotAsk) {
            return Optional.empty();
        }
    }

    private static Path initramfsFor(GuestSpec spec) {
        List<Path> modules = spec.modulesDir()
                .filter(Files::isDirectory)
                .map(dir -> KernelModules.read(dir).loadOrder(spec.wantedModules()))
                .orElse(List.of());
        return InitramfsBuilder.fromHost().build(modules, spec.vendorModules(), GuestTools.files(spec), spec.cacheDir());
    }

    private record ChannelAndHello(AgentChannel channel, AgentReply.Hello hello) {
    }

    /**
     * Waits for the agent's hello on any channel until the boot timeout, counted from QEMU's start;
     * {@code watch} (fresh boots) ends the wait early for an image that never runs.
     */
    private static ChannelAndHello awaitHello(GuestSpec spec, Launch launch, Optional<ConsoleWatch> watch) {
        Instant deadline = launch.started().plus(spec.bootTimeout());
        while (Instant.now().isBefore(deadline)) {
            for (AgentChannel channel : launch.channels()) {
                if (channel.hasEnded()) {
                    continue;
                }
                Optional<AgentReply> reply = pollQuietly(channel);
                if (reply.isPresent() && reply.get() instanceof AgentReply.Hello hello) {
                    return new ChannelAndHello(channel, hello);
                }
            }
            if (!launch.qemu().isAlive()) {
                launch.qemu().waitForExit(Duration.ofSeconds(1));
                throw BootDiagnosis.exitedBeforeHello(spec.name(), launch.qemu());
            }
            Optional<GuestBootException> failed = check(watch, launch);
            if (failed.isPresent()) {
                throw failed.get(); // the caller's cleanup kills QEMU
            }
        }
        throw BootDiagnosis.noHello(spec.name(), launch.qemu(), spec.bootTimeout());
    }

    private static Optional<GuestBootException> check(Optional<ConsoleWatch> watch, Launch launch) {
        return watch.flatMap(w -> w.check(Duration.between(launch.started(), Instant.now()), launch.qemu().console()));
    }

    private static Optional<AgentReply> pollQuietly(AgentChannel channel) {
        try {
            return channel.poll(Duration.ofMillis(25));
        } catch (InfrastructureException closed) {
            return Optional.empty();
        }
    }

    public AgentSession session() {
        return session;
    }

    public GuestSpec spec() {
        return spec;
    }

    /** The QEMU command line, for reproducers. */
    public QemuCommand command() {
        return launch.command();
    }

    /** Wall time from starting QEMU to the agent's hello. */
    public Duration bootTime() {
        return bootTime;
    }

    /** True when this guest was restored from a saved state rather than booted. */
    public boolean restored() {
        return restored;
    }

    public String consoleText() {
        return launch.qemu().console().text();
    }

    /**
     * A connection to this guest's QEMU monitor, for driving the machine while it runs (memory
     * hot-plug); the caller closes it. QEMU takes one monitor client at a time.
     */
    public MemoryMonitor openMonitor() {
        return new MemoryMonitor(QmpClient.connect(launch.qmpSocket(), MONITOR_TIMEOUT));
    }

    /** The CPU time QEMU has used so far, where it runs on this machine (see {@link QemuProcess#cpuTime()}). */
    public Optional<Duration> qemuCpuTime() {
        return launch.qemu().cpuTime();
    }

    public boolean isRunning() {
        return launch.qemu().isAlive();
    }

    /** Powers the guest off (bounded), then makes sure QEMU is gone. */
    @Override
    public void close() {
        try {
            if (launch.qemu().isAlive()) {
                try {
                    session.call(session.request("poweroff"), POWEROFF_GRACE);
                } catch (InfrastructureException alreadyGone) {
                    // the channel closing is what a poweroff looks like from here, too
                }
                launch.qemu().waitForExit(POWEROFF_GRACE);
            }
        } finally {
            launch.close();
        }
    }

    /** One QEMU process with its work directory, agent channels and monitor socket. */
    private record Launch(Path workDir, List<AgentChannel> channels, Path qmpSocket, QemuCommand command,
                          QemuProcess qemu, Instant started) {

        static Launch start(GuestSpec spec, Path initramfs, boolean bare, Optional<Path> incomingState) {
            Path workDir = createWorkDir();
            AgentChannel serial = AgentChannel.listen("ttyS1", workDir.resolve("agent-serial.sock"));
            AgentChannel virtio = AgentChannel.listen("virtio", workDir.resolve("agent-virtio.sock"));
            Path qmpSocket = workDir.resolve("qmp.sock");
            QemuCommand command = Guest.command(spec, initramfs, bare, serial.socketPath(), virtio.socketPath(),
                    Optional.of(qmpSocket), incomingState);
            Instant started = Instant.now();
            try {
                // QEMU itself writes saved states (SavedStates): a containerised one needs their directory.
                QemuProcess qemu = spec.launcher().start(command, List.of(SavedStates.directoryUnder(spec.cacheDir())));
                return new Launch(workDir, List.of(serial, virtio), qmpSocket, command, qemu, started);
            } catch (RuntimeException e) {
                serial.close();
                virtio.close();
                deleteRecursively(workDir);
                throw e;
            }
        }

        void close() {
            qemu.close();
            channels.forEach(AgentChannel::close);
            deleteRecursively(workDir);
        }
    }

    private static Path createWorkDir() {
        try {
            // Unix socket paths are limited to 108 bytes: keep the directory short, under /tmp.
            return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir", "/tmp")), "hmsabi-");
        } catch (IOException e) {
            throw new InfrastructureException("cannot create a work directory for the guest: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            LocalFiles.deleteTree(dir);
        } catch (IOException ignored) {
            // a leftover temp directory of sockets is harmless
        }
    }
}
