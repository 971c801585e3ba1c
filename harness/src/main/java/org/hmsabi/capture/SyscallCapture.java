package org.hmsabi.capture;

import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.model.ThpPlacement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.hmsabi.guest.MempolicyClient;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.spec.MempolicyBacking;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallCatalog;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.topology.Topology;

/**
 * Fills a snapshot's {@code syscalls} section: runs the fixed case list of {@link SyscallCatalog}
 * for the topology in the guest and records result, errno and, where the policy makes it
 * deterministic, the node of every page (on transparent huge pages as {@link ThpPlacement}: runs of
 * base pages and the range's AnonHugePages before and after the call). Automatic NUMA balancing is switched off meanwhile
 * (it migrates pages behind the policy's back) and restored afterwards; the cases on 2 MiB pages
 * get what they need around them ({@link HugePages}: hugetlb pools, the THP mode). Where the pools
 * cannot be filled the hugetlb cases are not run: each is recorded with the errno
 * {@value SyscallRecord#NOT_AVAILABLE}, which the checks report as skipped, never as passed.
 */
public final class SyscallCapture {
    static final String NUMA_BALANCING = "/proc/sys/kernel/numa_balancing";

    private final MempolicyClient client;

    public SyscallCapture(MempolicyClient client) {
        this.client = client;
    }

    /** The snapshot with its syscalls section filled. */
    public Snapshot addTo(Snapshot snapshot, Topology topology) {
        return new Snapshot(snapshot.schema(), snapshot.kernel(), snapshot.topology(), snapshot.sysfs(), snapshot.procfs(),
                capture(SyscallFacts.of(topology)));
    }

    public List<SyscallRecord> capture(SyscallFacts facts) {
        List<SyscallCatalog.Entry> entries = SyscallCatalog.forMachine(facts);
        String balancing = client.read(NUMA_BALANCING).map(String::strip).orElse("");
        if (!balancing.isEmpty() && !balancing.equals("0")) {
            client.write(NUMA_BALANCING, "0");
        }
        List<MempolicyOutcome> outcomes;
        List<SyscallCase> cases = entries.stream().map(SyscallCatalog.Entry::call).toList();
        try (HugePages pages = HugePages.around(client, List.copyOf(facts.memoryNodes()), cases)) {
            boolean hugetlbUnavailable = pages.hugetlbUnavailable().isPresent();
            Predicate<SyscallCase> runs = c -> !hugetlbUnavailable || c.backing() != MempolicyBacking.HUGETLB;
            Iterator<MempolicyOutcome> ran = client.run(cases.stream().filter(runs).toList()).iterator();
            // A case that did not run has no outcome (null): record() writes it as not available.
            outcomes = cases.stream().map(c -> runs.test(c) ? ran.next() : null).toList();
        } finally {
            if (!balancing.isEmpty() && !balancing.equals("0")) {
                client.write(NUMA_BALANCING, balancing);
            }
        }
        List<SyscallRecord> records = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            records.add(record(entries.get(i), outcomes.get(i)));
        }
        return records;
    }

    /** The record of a case: its outcome, an agent's problem, or (outcome null) a case that could not run. */
    static SyscallRecord record(SyscallCatalog.Entry entry, MempolicyOutcome outcome) {
        if (outcome == null) {
            return new SyscallRecord(entry.id(), entry.call().call().kernelName(), entry.call().describe(), -1,
                    SyscallRecord.NOT_AVAILABLE, List.of());
        }
        if (!outcome.isClean()) {
            // Recorded as such, so a diff shows a case the agent could not run instead of dropping it.
            return new SyscallRecord(entry.id(), entry.call().call().kernelName(), entry.call().describe(), -1,
                    "AGENT:" + outcome.problem().get().split(":")[0], List.of());
        }
        boolean placed = entry.placementIsDeterministic();
        if (entry.call().backing() == MempolicyBacking.THP) {
            // 512 nodes per 2 MiB page: recorded as runs, with whether the range was THP before and after.
            return new SyscallRecord(entry.id(), entry.call().call().kernelName(), entry.call().describe(), outcome.result(),
                    outcome.errno().orElse(null), List.of(), placed ? ThpPlacement.of(outcome.pages(), outcome.thpKb()) : null);
        }
        return new SyscallRecord(entry.id(), entry.call().call().kernelName(), entry.call().describe(), outcome.result(),
                outcome.errno().orElse(null), placed ? outcome.pages() : List.of());
    }
}
