package org.hmsabi.guest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code hugetlb-race} request (vm-images/agent/PROTOCOL.md): LTP's move_pages12 as a bounded
 * run. A second process of the agent maps {@code pages} 2 MiB hugetlb pages, writes them and
 * unmaps them again (soft-offlining them first with {@code offline}), round after round, while
 * the agent moves every base page of that range to {@code nodeA}, then {@code nodeB}, and so on,
 * with move_pages(MPOL_MF_MOVE_ALL), for {@code time}.
 */
public record HugetlbRace(int nodeA, int nodeB, Duration time, int pages, boolean offline) {
    /** The agent's bounds: a race of at most 10 s, 1 to 8 huge pages. */
    public static final Duration MAX_TIME = Duration.ofSeconds(10);
    public static final int MAX_PAGES = 8;

    /** Node ids the agent takes (below MAX_NUMNODES' ceiling in its masks). */
    public static final int NODE_LIMIT = 65536;

    public HugetlbRace {
        // What is checked is what is sent: whole milliseconds.
        if (nodeA < 0 || nodeB < 0 || nodeA >= NODE_LIMIT || nodeB >= NODE_LIMIT || time.toMillis() < 1
                || time.toMillis() > MAX_TIME.toMillis() || pages < 1 || pages > MAX_PAGES) {
            throw new IllegalArgumentException("a hugetlb race needs two node ids below " + NODE_LIMIT + ", 1 ms to " + MAX_TIME.toSeconds()
                    + " s and 1 to " + MAX_PAGES + " huge pages: " + nodeA + "," + nodeB + " " + time + " " + pages);
        }
    }

    /** The request's arguments. */
    public List<String> agentArgs() {
        List<String> args = new ArrayList<>(List.of("nodes=" + nodeA + "," + nodeB, "ms=" + time.toMillis(), "pages=" + pages));
        if (offline) {
            args.add("offline=1");
        }
        return args;
    }
}
