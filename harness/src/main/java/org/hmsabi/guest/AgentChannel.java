package org.hmsabi.guest;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hmsabi.InfrastructureException;

/**
 * One byte stream between the harness and the guest agent: a Unix socket this side listens on
 * and QEMU connects to (QEMU's chardev is the client, so no connection can be missed). A reader
 * thread turns the stream into replies; the queue is bounded, so a flooding guest is slowed by
 * back-pressure instead of filling the heap.
 */
public final class AgentChannel implements AutoCloseable {
    private static final AgentReply END_OF_STREAM = new AgentReply.Other(new AgentReply.Header(-1, "", true, java.util.Optional.empty(), "end of stream"));

    private final String name;
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final BlockingQueue<AgentReply> replies = new ArrayBlockingQueue<>(4096);
    private volatile SocketChannel connection;
    private volatile boolean closed;
    private volatile boolean ended;

    private AgentChannel(String name, Path socketPath, ServerSocketChannel server) {
        this.name = name;
        this.socketPath = socketPath;
        this.server = server;
        Thread reader = new Thread(this::acceptAndRead, "hmsabi-agent-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Listens on {@code socketPath}; QEMU must be started after this. */
    public static AgentChannel listen(String name, Path socketPath) {
        try {
            Files.deleteIfExists(socketPath);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socketPath));
            return new AgentChannel(name, socketPath, server);
        } catch (IOException e) {
            throw new InfrastructureException("cannot listen on agent socket " + socketPath + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Path socketPath() {
        return socketPath;
    }

    private void acceptAndRead() {
        try {
            SocketChannel accepted = server.accept();
            connection = accepted;
            InputStream in = Channels.newInputStream(accepted);
            ReplyReader reader = new ReplyReader(in, ReplyReader.DEFAULT_MAX_LINE);
            Optional<AgentReply> reply;
            while ((reply = reader.next()).isPresent()) {
                replies.put(reply.get());
            }
        } catch (IOException | InterruptedException e) {
            // closed or broken: end of stream for the consumer
        } finally {
            ended = true;
            replies.offer(END_OF_STREAM);
        }
    }

    /** The next reply, empty if none came within {@code timeout}; throws if the stream ended. */
    public Optional<AgentReply> poll(Duration timeout) {
        try {
            AgentReply reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == END_OF_STREAM) {
                replies.offer(END_OF_STREAM);
                throw new InfrastructureException("agent channel " + name + " closed: the guest or QEMU went away");
            }
            return Optional.ofNullable(reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting for the guest agent", e);
        }
    }

    /** True once QEMU (or a test standing in for it) has connected. */
    public boolean isConnected() {
        return connection != null;
    }

    public boolean hasEnded() {
        return ended;
    }

    public void send(byte[] bytes) {
        SocketChannel out = connection;
        if (out == null) {
            throw new InfrastructureException("agent channel " + name + " is not connected");
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot send to the guest agent over " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
            SocketChannel open = connection;
            if (open != null) {
                open.close();
            }
            Files.deleteIfExists(socketPath);
        } catch (IOException ignored) {
            // best effort: the work directory is removed afterwards anyway
        }
    }
}
