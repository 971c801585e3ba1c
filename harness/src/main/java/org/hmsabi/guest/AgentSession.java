package org.hmsabi.guest;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hmsabi.InfrastructureException;

/**
 * Talks to a booted guest's agent. Requests go out as one batch (a single write), replies are
 * collected per request until each request's end reply, so one round trip carries a whole
 * snapshot or thousands of checks.
 */
public final class AgentSession {
    /** A guest is untrusted: a batch that draws more replies than this is cut off (a 36-node tree is a few thousand). */
    static final int MAX_REPLIES_PER_CALL = 250_000;

    private final AgentChannel channel;
    private final AgentReply.Hello hello;
    private final String guestName;
    private int nextId = 1;

    AgentSession(AgentChannel channel, AgentReply.Hello hello, String guestName) {
        this.channel = channel;
        this.hello = hello;
        this.guestName = guestName;
    }

    /** The kernel release the agent reported (uname -r). */
    public String kernelRelease() {
        return hello.release();
    }

    /** The channel the agent chose: a virtio port name or ttyS1. */
    public String transport() {
        return hello.transport().isEmpty() ? channel.name() : hello.transport();
    }

    /** A request with a fresh id. */
    public synchronized AgentRequest request(String op, String... args) {
        return new AgentRequest(nextId++, op, List.of(args));
    }

    /**
     * Requests sent but not yet answered, at most: the guest never waits for the next request
     * (the next ones go out while it works on these), and the replies the host has not read yet
     * stay below what the channel queues, so a blocked write on either side cannot deadlock.
     */
    static final int MAX_IN_FLIGHT = 2048;
    /** Requests per write once the window is open: no write per reply. */
    static final int SEND_CHUNK = 512;

    /**
     * Sends the requests (a batch of up to {@link #MAX_IN_FLIGHT} as one write, a longer one in a
     * sliding window) and returns each request's replies, in request order.
     */
    public List<List<AgentReply>> call(List<AgentRequest> requests, Duration timeout) {
        Map<Integer, List<AgentReply>> byId = new LinkedHashMap<>();
        Map<Integer, Integer> position = new java.util.HashMap<>();
        for (AgentRequest request : requests) {
            if (byId.put(request.id(), new ArrayList<>()) != null) {
                throw new IllegalArgumentException("duplicate request id " + request.id());
            }
            position.put(request.id(), position.size());
        }
        int sent = sendUpTo(requests, 0, MAX_IN_FLIGHT);

        java.util.Set<Integer> finished = new java.util.HashSet<>();
        int open = requests.size();
        int received = 0;
        Instant deadline = Instant.now().plus(timeout);
        while (open > 0) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative()) {
                throw new InfrastructureException(guestName + ": the agent answered " + (requests.size() - open)
                        + " of " + requests.size() + " requests within " + timeout.toSeconds() + " s; the guest hangs or is overloaded");
            }
            Optional<AgentReply> reply = channel.poll(left);
            if (reply.isEmpty()) {
                continue;
            }
            if (++received > MAX_REPLIES_PER_CALL) {
                throw new InfrastructureException(guestName + ": the agent sent more than " + MAX_REPLIES_PER_CALL
                        + " replies to one batch of " + requests.size() + " requests; the guest is misbehaving");
            }
            int id = reply.get().id();
            List<AgentReply> bucket = byId.get(id);
            if (bucket == null || finished.contains(id) || position.get(id) >= sent) {
                continue; // unsolicited, stale, duplicated or not even asked yet: not ours to interpret
            }
            bucket.add(reply.get());
            if (reply.get().isEnd()) {
                finished.add(id);
                open--;
                int inFlight = sent - (requests.size() - open);
                if (sent < requests.size() && inFlight <= MAX_IN_FLIGHT - SEND_CHUNK) {
                    sent = sendUpTo(requests, sent, MAX_IN_FLIGHT - inFlight);
                }
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** Sends up to {@code count} requests from {@code from} in one write; returns how many are sent in all. */
    private int sendUpTo(List<AgentRequest> requests, int from, int count) {
        int to = Math.min(requests.size(), from + count);
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (AgentRequest request : requests.subList(from, to)) {
            batch.writeBytes(request.line());
        }
        channel.send(batch.toByteArray());
        return to;
    }

    /** One request, its replies. */
    public List<AgentReply> call(AgentRequest request, Duration timeout) {
        return call(List.of(request), timeout).get(0);
    }

    /** Reads a file; its content, or empty when it cannot be read (or the agent did not answer as a read). */
    public Optional<String> read(String path, Duration timeout) {
        List<AgentReply> replies = call(request("read", path), timeout);
        return replies.isEmpty() || !(replies.get(replies.size() - 1) instanceof AgentReply.Read read) || read.error().isPresent()
                ? Optional.empty() : read.value();
    }

    /** Writes a value (no newline added); empty when it worked, else the errno (or what went wrong). */
    public Optional<String> write(String path, String value, Duration timeout) {
        List<AgentReply> replies = call(request("write", path, value), timeout);
        if (replies.isEmpty()) {
            return Optional.of("no reply");
        }
        AgentReply last = replies.get(replies.size() - 1);
        return last instanceof AgentReply.Write ? last.error() : Optional.of(last.error().orElse("reply op '" + last.op() + "'"));
    }
}
