package org.hmsabi.hotplug;


import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.guest.AgentSession;
import org.hmsabi.topology.NodeLists;

/**
 * The guest's view of its memory, read through the agent: node masks, a node's memory blocks
 * and MemTotal, and the auto-online policy. Everything read is untrusted: numbers are parsed
 * strictly, block names are reduced to their number before a path is built from them.
 */
public final class GuestMemory {
    static final String NODE = "/sys/devices/system/node";
    static final String MEMORY = "/sys/devices/system/memory";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    /** More blocks than any fixture can hot-plug (maxmem / 128M): a guest listing more is misbehaving. */
    private static final int MAX_BLOCKS = 4096;
    private static final Pattern BLOCK_LINK = Pattern.compile("/memory([0-9]{1,9})");
    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^Node [0-9]+ MemTotal:\\s+([0-9]{1,15}) kB$");

    private final AgentSession session;

    public GuestMemory(AgentSession session) {
        this.session = session;
    }

    /** One memory block of a node: {@code memoryK}, its state ({@code online}, {@code offline}) and zone. */
    public record Block(int index, String state, String zone) {
        public boolean isOnline() {
            return state.equals("online");
        }
    }

    /** {@code /sys/devices/system/memory/auto_online_blocks}: what the kernel does with hot-added blocks. */
    public String autoOnlinePolicy() {
        return read(MEMORY + "/auto_online_blocks").map(String::strip).orElse("absent");
    }

    /** Sets {@code auto_online_blocks}; empty when the kernel took it, else the errno. */
    public Optional<String> setAutoOnlinePolicy(String policy) {
        return session.write(MEMORY + "/auto_online_blocks", policy, READ_TIMEOUT);
    }

    public long blockSizeBytes() {
        String hex = read(MEMORY + "/block_size_bytes").map(String::strip).orElse("");
        long size = hex.matches("[0-9a-fA-F]{1,15}") ? Long.parseLong(hex, 16) : 0;
        if (size <= 0 || Long.bitCount(size) != 1) { // every size is divided by it: a power of two, as the kernel's always is
            throw new InfrastructureException(session.kernelRelease() + ": block_size_bytes is '" + bounded(hex)
                    + "', not a power of two in hex");
        }
        return size;
    }

    /** A node mask, e.g. {@code has_memory}; empty when the file is absent. */
    public SortedSet<Integer> mask(String name) {
        try {
            return read(NODE + "/" + name).map(String::strip).map(NodeLists::parse).map(TreeSet::new).orElseGet(TreeSet::new);
        } catch (IllegalArgumentException malformed) {
            throw new InfrastructureException(session.kernelRelease() + ": " + NODE + "/" + name + " is not a node list");
        }
    }

    /** The node's MemTotal in bytes; 0 when the node has no directory (it is offline). */
    public long memTotalBytes(int node) {
        Optional<String> meminfo = read(NODE + "/node" + node + "/meminfo");
        if (meminfo.isEmpty()) {
            return 0;
        }
        Matcher total = MEM_TOTAL.matcher(meminfo.get());
        if (!total.find()) {
            throw new InfrastructureException(session.kernelRelease() + ": node" + node + "/meminfo has no MemTotal line");
        }
        return Long.parseLong(total.group(1)) * 1024;
    }

    /** The node's memory blocks with their state and zone, by block number; empty when the node is offline. */
    public List<Block> blocks(int node) {
        List<AgentReply> entries = session.call(session.request("tree", NODE + "/node" + node, "1"), READ_TIMEOUT);
        TreeSet<Integer> indexes = new TreeSet<>();
        for (AgentReply reply : entries) {
            if (reply instanceof AgentReply.Entry entry && entry.type().equals("link")) {
                Matcher name = BLOCK_LINK.matcher(entry.path());
                if (name.find() && name.end() == entry.path().length()) {
                    indexes.add(Integer.parseInt(name.group(1)));
                }
            }
            if (indexes.size() > MAX_BLOCKS) {
                throw new InfrastructureException(session.kernelRelease() + ": node" + node + " lists more than " + MAX_BLOCKS + " memory blocks");
            }
        }
        List<Block> blocks = new ArrayList<>();
        for (int index : indexes) {
            String dir = MEMORY + "/memory" + index;
            blocks.add(new Block(index, read(dir + "/state").map(String::strip).map(GuestMemory::bounded).orElse("absent"),
                    read(dir + "/valid_zones").map(String::strip).map(GuestMemory::bounded).orElse("absent")));
        }
        return blocks;
    }

    /** Onlines a block through sysfs the way a udev rule would; empty when it worked, else the errno. */
    public Optional<String> online(Block block, String how) {
        return session.write(MEMORY + "/memory" + block.index() + "/state", how, READ_TIMEOUT);
    }

    /** Waits (bounded, polling) until {@code condition} holds; the error names what was awaited. */
    void await(String context, String what, Duration timeout, Callable<Boolean> condition) {
        try {
            org.awaitility.Awaitility.await().atMost(timeout).pollInterval(POLL).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new InfrastructureException(context + ": waited " + timeout.toSeconds() + " s for " + what);
        }
    }

    private Optional<String> read(String path) {
        return session.read(path, READ_TIMEOUT);
    }

    static String bounded(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
