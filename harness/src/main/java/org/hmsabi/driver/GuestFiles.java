package org.hmsabi.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hmsabi.InfrastructureException;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.guest.AgentSession;
import org.hmsabi.topology.NodeLists;

/**
 * The few guest reads and writes validate-driver needs, over the agent. Guest output is
 * untrusted: values are bounded and parsed strictly, and never used as host paths.
 */
final class GuestFiles {
    static final String MEMORY = "/sys/devices/system/memory";
    static final String NODES = "/sys/devices/system/node";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern BLOCK = Pattern.compile(Pattern.quote(MEMORY) + "/memory(\\d{1,9})");
    private static final Pattern BLOCK_STATE = Pattern.compile(Pattern.quote(MEMORY) + "/memory(\\d{1,9})/state");
    private static final Pattern BLOCK_NODE = Pattern.compile(Pattern.quote(MEMORY) + "/memory(\\d{1,9})/node(\\d{1,4})");

    private final AgentSession session;

    GuestFiles(AgentSession session) {
        this.session = session;
    }

    /** One memory block: its state ({@code online}, {@code offline}, ...) and its node, when the tree says. */
    record Block(int number, String state, Optional<Integer> node) {
    }

    /** A program's exit status and output (the agent bounds it to 1 MiB; callers cut further). */
    record Run(int status, String output) {
        boolean succeeded() {
            return status == 0;
        }
    }

    Optional<String> read(String path) {
        return session.read(path, CALL_TIMEOUT).map(String::strip);
    }

    /** Empty on success, else the errno name. */
    Optional<String> write(String path, String value) {
        return session.write(path, value, CALL_TIMEOUT);
    }

    Run run(String... argv) {
        AgentReply reply = session.call(session.request("run", argv), CALL_TIMEOUT).get(0);
        if (reply.error().isPresent() || !(reply instanceof AgentReply.Run run)) {
            return new Run(-1, argv[0] + ": " + reply.error().orElse("reply op '" + reply.op() + "'"));
        }
        return new Run(run.status(), run.output());
    }

    /** The memory blocks by number, with their state and node. */
    SortedMap<Integer, Block> memoryBlocks() {
        SortedMap<Integer, String> states = new TreeMap<>();
        SortedMap<Integer, Integer> nodes = new TreeMap<>();
        for (AgentReply reply : session.call(session.request("tree", MEMORY, "2"), CALL_TIMEOUT)) {
            if (!(reply instanceof AgentReply.Entry entry)) {
                continue;
            }
            String path = entry.path();
            Matcher state = BLOCK_STATE.matcher(path);
            Matcher node = BLOCK_NODE.matcher(path);
            Matcher block = BLOCK.matcher(path);
            if (state.matches()) {
                states.put(Integer.parseInt(state.group(1)), entry.value().orElse("").strip());
            } else if (node.matches()) {
                nodes.put(Integer.parseInt(node.group(1)), Integer.parseInt(node.group(2)));
            } else if (block.matches()) {
                states.putIfAbsent(Integer.parseInt(block.group(1)), "");
            }
        }
        SortedMap<Integer, Block> blocks = new TreeMap<>();
        states.forEach((number, state) -> blocks.put(number, new Block(number, state, Optional.ofNullable(nodes.get(number)))));
        return blocks;
    }

    /** The nodes of a node mask file such as {@code has_memory}. */
    List<Integer> nodeMask(String name) {
        return read(NODES + "/" + name).map(GuestFiles::nodeList).orElse(List.of());
    }

    /** A node list the guest printed; anything else is the guest's failure, named in one line. */
    static List<Integer> nodeList(String text) {
        try {
            return List.copyOf(NodeLists.parse(text));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
            throw new InfrastructureException("the guest printed a node mask that is no node list: '"
                    + shown.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    /** {@code /proc/sys/kernel/tainted} as a number; 0 when unreadable. */
    long taint() {
        return read("/proc/sys/kernel/tainted").filter(v -> v.matches("\\d{1,19}")).map(Long::parseLong).orElse(0L);
    }
}
