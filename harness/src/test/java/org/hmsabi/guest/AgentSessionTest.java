package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hmsabi.InfrastructureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session over a real Unix socket, with this test playing a (sometimes hostile) guest. */
class AgentSessionTest {
    @TempDir
    Path dir;

    private AgentChannel channel;
    private SocketChannel guest;
    private AgentSession session;

    @BeforeEach
    void connect() throws IOException {
        channel = AgentChannel.listen("test", dir.resolve("agent.sock"));
        guest = SocketChannel.open(StandardProtocolFamily.UNIX);
        guest.connect(UnixDomainSocketAddress.of(dir.resolve("agent.sock")));
        await().atMost(Duration.ofSeconds(5)).until(channel::isConnected);
        AgentReply.Hello hello = (AgentReply.Hello) AgentReply.of(new ObjectMapper().readTree("{\"id\":0,\"op\":\"hello\",\"release\":\"6.1.0-56-amd64\"}"));
        session = new AgentSession(channel, hello, "test guest");
    }

    @AfterEach
    void close() throws IOException {
        guest.close();
        channel.close();
    }

    private void guestSends(String lines) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(lines.getBytes(StandardCharsets.US_ASCII));
        while (buffer.hasRemaining()) {
            guest.write(buffer);
        }
    }

    private String guestReceived(int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.position() < bytes) {
            guest.read(buffer);
        }
        return new String(buffer.array(), StandardCharsets.UTF_8);
    }

    @Test
    void aBatchIsOneWriteAndRepliesAreGroupedPerRequestUntilTheirEnd() throws IOException {
        AgentRequest tree = session.request("tree", "/sys/devices/system/node");
        AgentRequest read = session.request("read", "/proc/vmstat");
        guestSends("@hms {\"id\":1,\"op\":\"entry\",\"path\":\"/a\"}\n"
                + "@hms {\"id\":2,\"op\":\"read\",\"value\":\"x\",\"end\":true}\n"
                + "@hms {\"id\":1,\"op\":\"entry\",\"path\":\"/b\"}\n"
                + "@hms {\"id\":1,\"op\":\"done\",\"count\":2,\"end\":true}\n");
        List<List<AgentReply>> replies = session.call(List.of(tree, read), Duration.ofSeconds(5));

        assertThat(guestReceived(tree.line().length + read.line().length))
                .isEqualTo("1\ttree\t/sys/devices/system/node\n2\tread\t/proc/vmstat\n");
        assertThat(replies.get(0)).extracting(AgentReply::op).containsExactly("entry", "entry", "done");
        assertThat(replies.get(1)).extracting(AgentReply::op).containsExactly("read");
        assertThat(session.kernelRelease()).isEqualTo("6.1.0-56-amd64");
    }

    @Test
    void strayDuplicateAndForeignRepliesAreIgnored() throws IOException {
        AgentRequest read = session.request("read", "/x");
        guestSends("@hms {\"id\":77,\"op\":\"read\",\"end\":true}\n"
                + "@hms {\"id\":0,\"op\":\"hello\",\"end\":true}\n"
                + "@hms {\"id\":1,\"op\":\"read\",\"value\":\"first\",\"end\":true}\n"
                + "@hms {\"id\":1,\"op\":\"read\",\"value\":\"again\",\"end\":true}\n");
        List<AgentReply> replies = session.call(read, Duration.ofSeconds(5));
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)).isInstanceOfSatisfying(AgentReply.Read.class, reply -> assertThat(reply.value()).contains("first"));
    }

    @Test
    void aGuestThatStopsAnsweringTimesOutNamingTheGuest() throws IOException {
        AgentRequest tree = session.request("tree", "/sys");
        guestSends("@hms {\"id\":1,\"op\":\"entry\",\"path\":\"/a\"}\n");
        assertThatThrownBy(() -> session.call(tree, Duration.ofMillis(300)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("test guest: the agent answered 0 of 1 requests");
    }

    @Test
    void aGuestThatGoesAwayEndsTheCall() throws IOException {
        AgentRequest read = session.request("read", "/x");
        guest.close();
        assertThatThrownBy(() -> session.call(read, Duration.ofSeconds(5)))
                .isInstanceOf(InfrastructureException.class);
    }

    @Test
    void aFloodingGuestIsCutOff() throws IOException {
        AgentRequest tree = session.request("tree", "/sys");
        Thread flood = new Thread(() -> {
            byte[] entry = "@hms {\"id\":1,\"op\":\"entry\"}\n".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer many = ByteBuffer.allocate(entry.length * 10_000);
            for (int i = 0; i < 10_000; i++) {
                many.put(entry);
            }
            try {
                for (int round = 0; round < AgentSession.MAX_REPLIES_PER_CALL / 10_000 + 2; round++) {
                    many.rewind();
                    while (many.hasRemaining()) {
                        guest.write(many);
                    }
                }
            } catch (IOException closedByTheTest) {
                // the session gave up and the test closed the socket
            }
        });
        flood.start();
        assertThatThrownBy(() -> session.call(tree, Duration.ofSeconds(60)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("more than " + AgentSession.MAX_REPLIES_PER_CALL + " replies");
    }

    /**
     * A call longer than the window keeps at most MAX_IN_FLIGHT requests unanswered: the guest
     * gets the next ones only as it answers, and the replies still come back in request order.
     */
    @Test
    void aLongCallIsSentInASlidingWindow() throws Exception {
        int total = AgentSession.MAX_IN_FLIGHT + 1000;
        List<AgentRequest> requests = new java.util.ArrayList<>();
        for (int i = 0; i < total; i++) {
            requests.add(session.request("hello"));
        }
        java.util.concurrent.CompletableFuture<List<List<AgentReply>>> call =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> session.call(requests, Duration.ofSeconds(30)));
        int lineLength = requests.get(0).line().length; // ids 1..9: the same length
        java.util.function.IntFunction<String> replyTo = id -> "@hms {\"id\":" + id + ",\"op\":\"hello\",\"end\":true}\n";

        guestReceived(9 * lineLength + 90 * (lineLength + 1) + 900 * (lineLength + 2) + (AgentSession.MAX_IN_FLIGHT - 999) * (lineLength + 3));
        guest.configureBlocking(false);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> guest.read(ByteBuffer.allocate(1)) == 0);
        guest.configureBlocking(true);

        StringBuilder answers = new StringBuilder();
        for (int id = AgentSession.MAX_IN_FLIGHT; id >= 1; id--) { // out of order: the session sorts them
            answers.append(replyTo.apply(id));
        }
        guestSends(answers.toString());
        guestReceived(1000 * (lineLength + 3)); // ids 2049 .. 3048: the rest, now that the window opened
        StringBuilder rest = new StringBuilder();
        for (int id = AgentSession.MAX_IN_FLIGHT + 1; id <= total; id++) {
            rest.append(replyTo.apply(id));
        }
        guestSends(rest.toString());

        List<List<AgentReply>> replies = call.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(replies).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(replies.get(i)).extracting(AgentReply::id).containsExactly(i + 1);
        }
    }
}
