package org.hmsabi.capture;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.spec.MempolicyBacking;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.WriteSpec;

/**
 * What mempolicy cases on 2 MiB pages need in the guest, set up around them and put back: for
 * hugetlb, {@value #RESERVE} pages reserved in every memory node's pool (each store is that node's
 * request, spec/writes.yaml {@value #POOL}); for THP, {@value #THP_MODE} written to
 * {@value #THP_ENABLED}, so the agent's MADV_HUGEPAGE range gets THPs and nothing else of the guest
 * does. The attributes are spec/writes.yaml's: paths are never taken from the guest. A node whose
 * pool could not be filled makes hugetlb {@linkplain #hugetlbUnavailable() unavailable}, with the
 * pools as the reason; closing empties the pools and writes the THP mode the guest had back.
 */
public final class HugePages implements AutoCloseable {
    public static final String POOL = "node/hugepages-2048kB/nr_hugepages";
    public static final String THP_ENABLED = "transparent_hugepage/enabled";
    public static final String THP_MODE = "madvise";
    /** Pages reserved per memory node: a case's page plus one to move or to fault a second time. */
    public static final int RESERVE = 2;
    private static final Pattern COUNT = Pattern.compile("\\d{1,6}");

    private final MempolicyClient client;
    private final List<Integer> memoryNodes;
    private final WriteSpec.Attribute pool;
    private final WriteSpec.Attribute thp;
    private final Map<Integer, Integer> reserved = new TreeMap<>();
    private Optional<String> thpBefore = Optional.empty();

    private HugePages(MempolicyClient client, List<Integer> memoryNodes) {
        this.client = client;
        this.memoryNodes = List.copyOf(memoryNodes);
        WriteSpec spec = WriteSpec.bundled();
        this.pool = pool();
        this.thp = spec.attribute(THP_ENABLED).orElseThrow(() -> new IllegalStateException("spec/writes.yaml has no " + THP_ENABLED));
    }

    /** The per-node hugetlb pool attribute of spec/writes.yaml ({@value #POOL}): {@code instance(node)} is its path. */
    public static WriteSpec.Attribute pool() {
        return WriteSpec.bundled().attribute(POOL).orElseThrow(() -> new IllegalStateException("spec/writes.yaml has no " + POOL));
    }

    /** Sets up what these cases need (nothing when none has 2 MiB pages). */
    public static HugePages around(MempolicyClient client, List<Integer> memoryNodes, List<SyscallCase> cases) {
        HugePages pages = new HugePages(client, memoryNodes);
        if (cases.stream().anyMatch(c -> c.backing() == MempolicyBacking.HUGETLB)) {
            pages.reserve();
        }
        if (cases.stream().anyMatch(c -> c.backing() == MempolicyBacking.THP)) {
            pages.thpMode();
        }
        return pages;
    }

    private void reserve() {
        for (int node : memoryNodes) {
            Optional<String> refused = client.write(pool.instance(node), Integer.toString(RESERVE));
            int held = refused.isPresent() ? 0 : client.read(pool.instance(node)).map(String::strip)
                    .filter(v -> COUNT.matcher(v).matches()).map(Integer::parseInt).orElse(0);
            reserved.put(node, held);
        }
    }

    private void thpMode() {
        thpBefore = client.read(thp.path()).map(String::strip).map(WriteCapture::writable).filter(mode -> mode.matches("[a-z]{1,16}"));
        if (thpBefore.isPresent() && !thpBefore.get().equals(THP_MODE)) {
            client.write(thp.path(), THP_MODE);
        }
    }

    /** The pages each memory node's pool held after {@value #RESERVE} were asked for; empty without hugetlb cases. */
    public Map<Integer, Integer> reserved() {
        return Map.copyOf(reserved);
    }

    /** Why hugetlb cases cannot run: a memory node whose pool holds fewer than {@value #RESERVE} pages. */
    public Optional<String> hugetlbUnavailable() {
        if (reserved.values().stream().allMatch(held -> held >= RESERVE)) {
            return Optional.empty();
        }
        return Optional.of("2 MiB huge pages could not be reserved on every memory node (pools after writing " + RESERVE
                + " to " + pool.path() + ": " + reserved + ")");
    }

    /** Empties the pools and puts the THP mode back. */
    @Override
    public void close() {
        reserved.keySet().forEach(node -> client.write(pool.instance(node), "0"));
        thpBefore.filter(mode -> !mode.equals(THP_MODE)).ifPresent(mode -> client.write(thp.path(), mode));
    }
}
