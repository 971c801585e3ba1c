package org.hmsabi.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hmsabi.InfrastructureException;

/**
 * A minimal client for QEMU's machine protocol (QMP) over a Unix socket: capabilities
 * negotiation, commands, and waiting for a state. Events QEMU sends in between are skipped.
 * Used to save a booted guest's state and to resume a restored one.
 */
public final class QmpClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE = 1024 * 1024;

    /** QEMU sends few events; a guest cannot make it send more than this many between two looks. */
    private static final int MAX_EVENTS = 256;

    private final SocketChannel socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final Deque<JsonNode> events = new ArrayDeque<>();

    private QmpClient(SocketChannel socket) {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(socket), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(socket);
    }

    /** Connects (QEMU creates the socket shortly after it starts) and negotiates capabilities. */
    public static QmpClient connect(Path socketPath, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    socket.connect(UnixDomainSocketAddress.of(socketPath));
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
                QmpClient client = new QmpClient(socket);
                client.readLine(); // the greeting
                client.execute("qmp_capabilities", Map.of());
                return client;
            } catch (IOException e) {
                last = e;
                pause();
            }
        }
        throw new InfrastructureException("cannot reach QEMU's monitor at " + socketPath + " within " + timeout.toSeconds()
                + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /** Runs a command and returns its {@code return} value; a QMP error is an InfrastructureException. */
    public JsonNode execute(String command, Map<String, ?> arguments) {
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        if (!arguments.isEmpty()) {
            request.set("arguments", JSON.valueToTree(arguments));
        }
        try {
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                JsonNode reply = JSON.readTree(readLine());
                if (reply.has("return")) {
                    return reply.get("return");
                }
                if (reply.has("error")) {
                    throw new InfrastructureException("QEMU refused " + command + ": " + reply.get("error").path("desc").asText());
                }
                if (reply.has("event")) {
                    keep(reply); // an asynchronous event: not the answer, but someone may wait for it
                }
            }
        } catch (IOException e) {
            throw new InfrastructureException("QEMU's monitor failed during " + command + ": " + e.getMessage(), e);
        }
    }

    private synchronized void keep(JsonNode event) {
        if (events.size() == MAX_EVENTS) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    /**
     * Whether QEMU has sent the event {@code name} whose {@code data} field {@code key} is
     * {@code value} (e.g. DEVICE_DELETED for device dimm0) since this client connected and since
     * the last call that took such an event: the event is taken, so removing the same device a
     * second time waits for a second event. Events only arrive with replies, so this asks QEMU a
     * cheap question first; poll it with a bounded wait (Awaitility) rather than in a loop of its own.
     */
    public boolean takeEvent(String name, String key, String value) {
        execute("query-status", Map.of());
        synchronized (this) {
            for (Iterator<JsonNode> it = events.iterator(); it.hasNext(); ) {
                JsonNode event = it.next();
                if (event.path("event").asText().equals(name) && event.path("data").path(key).asText().equals(value)) {
                    it.remove();
                    return true;
                }
            }
            return false;
        }
    }

    /** The names of the events seen so far, oldest first (for error messages). */
    public synchronized List<String> eventNames() {
        return events.stream().map(event -> event.path("event").asText()).toList();
    }

    /** Polls {@code query-status} until the VM leaves {@code fromStatus}; returns the new status. */
    public String awaitStatusOtherThan(String fromStatus, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String status = execute("query-status", Map.of()).path("status").asText();
            if (!status.equals(fromStatus)) {
                return status;
            }
            pause();
        }
        throw new InfrastructureException("QEMU stayed '" + fromStatus + "' for " + timeout.toSeconds() + " s");
    }

    /** Polls {@code query-migrate} until the migration completes; fails if it fails or times out. */
    public void awaitMigration(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode state = execute("query-migrate", Map.of());
            String status = state.path("status").asText();
            if (status.equals("completed")) {
                return;
            }
            if (status.equals("failed") || status.equals("cancelled")) {
                throw new InfrastructureException("saving the guest state failed: " + state.path("error-desc").asText(status));
            }
            pause();
        }
        throw new InfrastructureException("saving the guest state took more than " + timeout.toSeconds() + " s");
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.length() >= MAX_LINE) {
                throw new IOException("QMP line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c);
        }
        if (c < 0 && line.isEmpty()) {
            throw new IOException("QEMU closed its monitor");
        }
        return line.toString();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while talking to QEMU", e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
