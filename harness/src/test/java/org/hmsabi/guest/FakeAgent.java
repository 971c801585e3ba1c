package org.hmsabi.guest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A guest's agent played by a test: only the process boundary is fake. The harness side is the
 * real one (an {@link AgentChannel} on a Unix socket, an {@link AgentSession}, a
 * {@link MempolicyClient}); this side reads the request lines as the agent would and answers each
 * with one reply line of the protocol (vm-images/agent/PROTOCOL.md), the fields given by the
 * test's {@link Answers}. Every request is kept, in order, for the test to check.
 */
public final class FakeAgent implements AutoCloseable {
    /** One request as the agent reads it. */
    public record Request(String op, List<String> args) {
        @Override
        public String toString() {
            return op + (args.isEmpty() ? "" : " " + String.join(" ", args));
        }
    }

    /** The reply's fields besides id, op and end, as JSON members: {@code "value":"2\n"}, {@code "ok":true}. */
    @FunctionalInterface
    public interface Answers {
        String answer(Request request);
    }

    private final AgentChannel channel;
    private final SocketChannel guest;
    private final AgentSession session;
    private final List<Request> requests = new ArrayList<>();

    private FakeAgent(AgentChannel channel, SocketChannel guest, Answers answers) throws IOException {
        this.channel = channel;
        this.guest = guest;
        AgentReply.Hello hello = (AgentReply.Hello) AgentReply.of(new ObjectMapper()
                .readTree("{\"id\":0,\"op\":\"hello\",\"release\":\"6.12.118+deb12-amd64\"}"));
        this.session = new AgentSession(channel, hello, "fake guest");
        Thread agent = new Thread(() -> serve(answers), "fake-agent");
        agent.setDaemon(true);
        agent.start();
    }

    /** Listens in {@code dir} and connects the fake guest to it. */
    public static FakeAgent start(Path dir, Answers answers) throws IOException {
        AgentChannel channel = AgentChannel.listen("fake", dir.resolve("agent.sock"));
        SocketChannel guest = SocketChannel.open(StandardProtocolFamily.UNIX);
        guest.connect(UnixDomainSocketAddress.of(dir.resolve("agent.sock")));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (!channel.isConnected() && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        return new FakeAgent(channel, guest, answers);
    }

    public AgentSession session() {
        return session;
    }

    public MempolicyClient client() {
        return new MempolicyClient(session);
    }

    /** The requests the agent got so far, in order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void serve(Answers answers) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(guest), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                List<String> fields = Arrays.asList(line.split("\t", -1));
                Request request = new Request(fields.get(1), List.copyOf(fields.subList(2, fields.size())));
                synchronized (this) {
                    requests.add(request);
                }
                String members = answers.answer(request);
                String reply = "@hms {\"id\":" + fields.get(0) + ",\"op\":\"" + request.op() + "\""
                        + (members.isEmpty() ? "" : "," + members) + ",\"end\":true}\n";
                ByteBuffer out = ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) {
                    guest.write(out);
                }
            }
        } catch (IOException e) {
            // the harness closed the channel: the fake guest is gone
        }
    }

    @Override
    public void close() throws IOException {
        guest.close();
        channel.close();
    }
}
