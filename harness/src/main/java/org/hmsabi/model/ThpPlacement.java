package org.hmsabi.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a transparent-huge-page case's memory was (a {@link SyscallRecord}'s {@code thp}): the
 * node of every 4 KiB base page in run-length form, a run never crossing a 2 MiB page, and the
 * range's AnonHugePages before and after the call, which says whether it was mapped as THPs and
 * whether it still was afterwards. Only what the agent observed: where it could not read
 * /proc/self/smaps there is no {@code anonHugePagesKb} but {@code smaps} {@value #UNREADABLE}.
 *
 * @param runs            the base pages in address order, one run per stretch of a 2 MiB page on one node
 * @param anonHugePagesKb AnonHugePages of the range before and after the call, absent when not read
 * @param smaps           {@value #UNREADABLE} when the agent could not read the range's AnonHugePages, else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThpPlacement(List<Run> runs, AnonHugePages anonHugePagesKb, String smaps) {
    /** 4 KiB base pages in a 2 MiB page. */
    public static final int BASE_PAGES = 512;
    /** The kB of one 2 MiB page mapped as a THP. */
    public static final int THP_KB = 2048;
    public static final String UNREADABLE = "unreadable";
    /** How many runs {@link #describe()} names before it only counts the rest. */
    static final int MAX_RUNS_NAMED = 16;

    /**
     * {@code pages} base pages in 2 MiB page {@code hugePage} (0 the range's first) on {@code node};
     * a negative node is the agent's -errno for base pages without one (not present, not mapped).
     */
    public record Run(int hugePage, int node, int pages) {
    }

    /** AnonHugePages of the range in kB: 2048 per 2 MiB page mapped as a THP, 0 once the PMD mapping is split. */
    public record AnonHugePages(long before, long after) {
    }

    public ThpPlacement {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }

    /**
     * From the agent's report: {@code basePages} the node of every base page in address order,
     * {@code thpKb} AnonHugePages before and after the call, or empty when it could not read them.
     */
    public static ThpPlacement of(List<Integer> basePages, List<? extends Number> thpKb) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < basePages.size(); i++) {
            int hugePage = i / BASE_PAGES;
            int node = basePages.get(i);
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.hugePage() == hugePage && last.node() == node) {
                runs.set(runs.size() - 1, new Run(hugePage, node, last.pages() + 1));
            } else {
                runs.add(new Run(hugePage, node, 1));
            }
        }
        return thpKb.size() == 2
                ? new ThpPlacement(runs, new AnonHugePages(thpKb.get(0).longValue(), thpKb.get(1).longValue()), null)
                : new ThpPlacement(runs, null, UNREADABLE);
    }

    /**
     * For people, what changes most first (a diff's table shows the first 40 characters):
     * {@code THP split 2048->0 kB; 512 on node 3}; with more than one 2 MiB page each is named,
     * {@code THP kept 4096->4096 kB; page 0: 512 on node 0; page 1: 1 on node 0, 511 on node 1}.
     */
    public String describe() {
        // Runs come from the guest: a range of 8 huge pages may have 4096. The first are named, the rest counted.
        List<Run> named = runs.size() > MAX_RUNS_NAMED ? runs.subList(0, MAX_RUNS_NAMED) : runs;
        Map<Integer, String> pages = named.stream().collect(Collectors.groupingBy(Run::hugePage, TreeMap::new,
                Collectors.mapping(ThpPlacement::describe, Collectors.joining(", "))));
        String where = pages.isEmpty() ? "no placement" : pages.size() == 1 && pages.containsKey(0) ? pages.get(0)
                : pages.entrySet().stream().map(e -> "page " + e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
        String more = runs.size() > named.size() ? "; and " + (runs.size() - named.size()) + " more runs" : "";
        return Optional.ofNullable(anonHugePagesKb).map(ThpPlacement::describe).orElse("AnonHugePages " + smaps) + "; " + where + more;
    }

    private static String describe(Run run) {
        return run.pages() + (run.node() >= 0 ? " on node " + run.node() : " without a node (errno " + -run.node() + ")");
    }

    /** Whether the range was mapped as THPs: kept, split (fewer kB after), faulted (more), or none at all. */
    private static String describe(AnonHugePages kb) {
        String what = kb.after() < kb.before() ? "THP split" : kb.after() > kb.before() ? "THP faulted"
                : kb.after() == 0 ? "no THP" : "THP kept";
        return what + " " + kb.before() + "->" + kb.after() + " kB";
    }
}
