package org.hmsabi.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;
import org.hmsabi.qemu.QemuCommand;
import org.hmsabi.qemu.QemuProcess;

/**
 * A booted guest whose agent has said hello. Closing it asks the agent to power off, waits a
 * bounded time, and kills QEMU whatever happened; a guest is never left running.
 */
public final class Guest implements AutoCloseable {
    private static final Duration POWEROFF_GRACE = Duration.ofSeconds(10);

    private final GuestSpec spec;
    private final QemuCommand command;
    private final QemuProcess qemu;
    private final List<AgentChannel> channels;
    private final Path workDir;
    private final AgentSession session;
    private final Duration bootTime;

    private Guest(GuestSpec spec, QemuCommand command, QemuProcess qemu, List<AgentChannel> channels, Path workDir,
                  AgentSession session, Duration bootTime) {
        this.spec = spec;
        this.command = command;
        this.qemu = qemu;
        this.channels = channels;
        this.workDir = workDir;
        this.session = session;
        this.bootTime = bootTime;
    }

    /** Boots the guest and waits for its agent; on any failure QEMU is gone before this throws. */
    public static Guest boot(GuestSpec spec) {
        Path workDir = createWorkDir();
        Path initramfs = initramfsFor(spec);
        AgentChannel serial = AgentChannel.listen("ttyS1", workDir.resolve("agent-serial.sock"));
        AgentChannel virtio = AgentChannel.listen("virtio", workDir.resolve("agent-virtio.sock"));
        List<AgentChannel> channels = List.of(serial, virtio);
        QemuCommand command = command(spec, initramfs, spec.kernelCommandLine(false), serial, virtio);
        Instant start = Instant.now();
        QemuProcess qemu = QemuProcess.start(command);
        try {
            ChannelAndHello ready = awaitHello(spec, qemu, channels, start);
            Duration bootTime = Duration.between(start, Instant.now());
            AgentSession session = new AgentSession(ready.channel(), ready.hello(), spec.name());
            return new Guest(spec, command, qemu, channels, workDir, session, bootTime);
        } catch (RuntimeException e) {
            qemu.close();
            channels.forEach(AgentChannel::close);
            deleteRecursively(workDir);
            throw e;
        }
    }

    /**
     * Boots with the same machine and initramfs but an init that powers off at once, and returns
     * how long QEMU ran: the baseline that a snapshot's cost is measured against.
     */
    public static Duration bootBare(GuestSpec spec) {
        Path workDir = createWorkDir();
        Path initramfs = initramfsFor(spec);
        AgentChannel serial = AgentChannel.listen("ttyS1", workDir.resolve("agent-serial.sock"));
        AgentChannel virtio = AgentChannel.listen("virtio", workDir.resolve("agent-virtio.sock"));
        QemuCommand command = command(spec, initramfs, spec.kernelCommandLine(true), serial, virtio);
        Instant start = Instant.now();
        try (QemuProcess qemu = QemuProcess.start(command)) {
            if (!qemu.waitForExit(spec.bootTimeout())) {
                throw new InfrastructureException(spec.name() + ": bare boot did not power off within "
                        + spec.bootTimeout().toSeconds() + " s; last console line: " + qemu.console().lastLines(1));
            }
            return Duration.between(start, Instant.now());
        } finally {
            serial.close();
            virtio.close();
            deleteRecursively(workDir);
        }
    }

    private static QemuCommand command(GuestSpec spec, Path initramfs, String commandLine, AgentChannel serial, AgentChannel virtio) {
        return new QemuCommand(QemuCommand.defaultBinary(), spec.kernelImage(), initramfs, commandLine, spec.hmat(),
                spec.topologyArguments(), serial.socketPath(), virtio.socketPath(), Optional.empty());
    }

    private static Path initramfsFor(GuestSpec spec) {
        List<Path> modules = spec.modulesDir()
                .filter(Files::isDirectory)
                .map(dir -> KernelModules.read(dir).loadOrder(GuestSpec.TRANSPORT_MODULES))
                .orElse(List.of());
        return InitramfsBuilder.fromHost().build(modules, spec.cacheDir());
    }

    private record ChannelAndHello(AgentChannel channel, AgentReply hello) {
    }

    private static ChannelAndHello awaitHello(GuestSpec spec, QemuProcess qemu, List<AgentChannel> channels, Instant start) {
        Instant deadline = start.plus(spec.bootTimeout());
        while (Instant.now().isBefore(deadline)) {
            for (AgentChannel channel : channels) {
                if (channel.hasEnded()) {
                    continue;
                }
                Optional<AgentReply> reply = pollQuietly(channel);
                if (reply.isPresent() && reply.get().op().equals("hello")) {
                    return new ChannelAndHello(channel, reply.get());
                }
            }
            if (!qemu.isAlive()) {
                qemu.waitForExit(Duration.ofSeconds(1));
                throw BootDiagnosis.exitedBeforeHello(spec.name(), qemu);
            }
        }
        throw BootDiagnosis.noHello(spec.name(), qemu, spec.bootTimeout());
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
        return command;
    }

    /** Wall time from starting QEMU to the agent's hello. */
    public Duration bootTime() {
        return bootTime;
    }

    public String consoleText() {
        return qemu.console().text();
    }

    public boolean isRunning() {
        return qemu.isAlive();
    }

    /** Powers the guest off (bounded), then makes sure QEMU is gone. */
    @Override
    public void close() {
        try {
            if (qemu.isAlive()) {
                try {
                    session.call(session.request("poweroff"), POWEROFF_GRACE);
                } catch (InfrastructureException alreadyGone) {
                    // the channel closing is what a poweroff looks like from here, too
                }
                qemu.waitForExit(POWEROFF_GRACE);
            }
        } finally {
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
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover empty temp directory is harmless
        }
    }
}
