package org.hmsabi.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hmsabi.diff.Finding;
import org.hmsabi.check.CheckResult;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.conformance.ConformanceChecker;
import org.hmsabi.conformance.ConformanceReport;
import org.hmsabi.diff.InterleaveWeights;
import org.hmsabi.spec.SyscallCatalog;
import org.hmsabi.spec.SyscallContract;
import org.hmsabi.spec.SyscallFacts;
import org.hmsabi.spec.WriteSpec;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.model.WriteRecord;
import org.hmsabi.topology.Topology;

/**
 * The suites the gate runs on every snapshot it has: conformance to spec/attributes.yaml and
 * the syscall contract of spec/syscalls.yaml, as named checks for the reports.
 */
public final class GateChecks {
    static final String CONFORMANCE = "conformance";
    static final String SYSCALLS = "syscalls";
    static final String SYSFS_WRITES = "sysfs-writes";

    private final ConformanceChecker conformance;
    private final SyscallContract contract;
    /** spec/writes.yaml, parsed once for every snapshot and finding the gate judges. */
    private final WriteSpec writes = WriteSpec.bundled();

    public GateChecks(AbiSpec spec, SyscallContract contract) {
        this.conformance = new ConformanceChecker(spec);
        this.contract = contract;
    }

    public List<CheckResult> of(Snapshot snapshot, Topology topology) {
        List<CheckResult> checks = new ArrayList<>(conformance(snapshot, topology));
        checks.addAll(syscalls(snapshot, topology));
        if (!snapshot.writes().isEmpty()) {
            checks.addAll(writeChecks(writes, snapshot.writes(), snapshot.kernel().release(), snapshot.kernel().reference(),
                    topology.name(), SYSFS_WRITES));
        }
        return checks;
    }

    List<CheckResult> conformance(Snapshot snapshot, Topology topology) {
        String kernel = snapshot.kernel().reference();
        ConformanceReport report = conformance.check(snapshot, Optional.of(topology));
        if (report.conforms()) {
            return List.of(new CheckResult(CONFORMANCE, topology.name() + " on " + kernel, kernel, CheckResult.Status.PASSED,
                    Optional.of(report.checked() + " attributes checked, " + report.undocumented().size() + " undocumented")));
        }
        return report.violations().stream()
                .map(violation -> new CheckResult(CONFORMANCE, violation.path() + " " + violation.rule(), kernel,
                        CheckResult.Status.FAILED, Optional.of(violation.message())))
                .toList();
    }

    /**
     * A syscall outcome that differs between the kernels but is, on each kernel, what the
     * contract says that kernel does (WEIGHTED_INTERLEAVE from 6.9, say; interleave placement by
     * its index width) is a documented difference: information naming the contract, not a
     * regression. So is a sysfs write whose outcome is, on each kernel, what spec/writes.yaml says.
     */
    public List<Finding> acknowledgeContractDifferences(List<Finding> findings, Snapshot baseline, Snapshot candidate,
                                                 Topology topology) {
        return acknowledgeContractDifferences(findings, baseline, candidate, topology, SyscallFacts.of(topology));
    }

    /**
     * The same, for a machine whose facts changed since boot (memory hot-plugged on a node): the
     * cases are the ones the topology's catalog recorded, judged by the facts of the machine now.
     */
    public List<Finding> acknowledgeContractDifferences(List<Finding> findings, Snapshot baseline, Snapshot candidate,
                                                 Topology topology, SyscallFacts facts) {
        Map<String, SyscallCatalog.Entry> catalog = SyscallCatalog.byId(SyscallFacts.of(topology));
        Map<String, SyscallRecord> before = byId(baseline);
        Map<String, SyscallRecord> after = byId(candidate);
        List<Finding> result = new ArrayList<>();
        for (Finding finding : findings) {
            boolean documented = !finding.paths().isEmpty() && finding.paths().stream().allMatch(id ->
                    catalog.containsKey(id) && before.containsKey(id) && after.containsKey(id)
                            && matchesContract(catalog.get(id), facts, baseline, before.get(id))
                            && matchesContract(catalog.get(id), facts, candidate, after.get(id))
                            && placementExplained(catalog.get(id), facts, baseline, before.get(id), candidate, after.get(id)));
            if (documented && finding.severity() != Finding.Severity.INFO) {
                result.add(finding.waivedBy("spec/syscalls.yaml expects each kernel's outcome (a documented difference)"));
            } else if (finding.severity() != Finding.Severity.INFO && writeDocumented(finding, baseline, candidate)) {
                result.add(finding.waivedBy("spec/writes.yaml expects each kernel's outcome (a documented difference)"));
            } else if (finding.severity() != Finding.Severity.INFO && weightsFromAutoMode(finding, baseline, candidate)) {
                result.add(finding.waivedBy(AUTO_WEIGHTS));
            } else {
                result.add(finding);
            }
        }
        return result;
    }

    /**
     * A write whose outcome differs between the kernels (0 accepted by 6.12, EINVAL from 6.16) but
     * is, on each kernel, what spec/writes.yaml says that kernel does.
     */
    private boolean writeDocumented(Finding finding, Snapshot baseline, Snapshot candidate) {
        if (finding.paths().isEmpty() || !finding.paths().stream().allMatch(path -> path.startsWith(WRITE_PREFIX))) {
            return false;
        }
        return finding.paths().stream().map(path -> path.substring(WRITE_PREFIX.length())).allMatch(id ->
                writeAsSpecified(writes, baseline, id) && writeAsSpecified(writes, candidate, id));
    }

    private static final String WRITE_PREFIX = "write ";

    private static final String AUTO_WEIGHTS = "weighted interleave's auto mode (e341f9c3c841, v6.16): the candidate computes"
            + " every node's weight from HMAT bandwidth, the baseline has no auto mode and shows the default, 1"
            + " (Documentation/ABI/testing/sysfs-kernel-mm-mempolicy-weighted-interleave)";

    /**
     * Weights that differ because the baseline kernel has no auto mode (before 6.16: every weight 1
     * unless set) and the candidate is in it: what the candidate's weights are is the kernel's
     * arithmetic on the firmware's bandwidth, checked by the conformance of each snapshot, not a
     * change of the interface.
     */
    private static boolean weightsFromAutoMode(Finding finding, Snapshot baseline, Snapshot candidate) {
        return finding.kind() == Finding.Kind.VALUE_CHANGED && !finding.paths().isEmpty()
                && finding.paths().stream().allMatch(org.hmsabi.diff.InterleaveWeights::isWeight)
                && !org.hmsabi.diff.InterleaveWeights.hasAutoMode(baseline) && org.hmsabi.diff.InterleaveWeights.autoMode(candidate);
    }

    private static boolean writeAsSpecified(WriteSpec spec, Snapshot snapshot, String id) {
        Optional<WriteRecord> record = snapshot.writes().stream().filter(w -> w.id().equals(id)).findFirst();
        if (record.isEmpty()) {
            return false;
        }
        KernelVersion version;
        try {
            version = KernelVersion.ofGuestRelease(snapshot.kernel().release());
        } catch (RuntimeException noVersion) {
            return false;
        }
        for (WriteSpec.Attribute attribute : spec.attributesFor(version)) {
            for (WriteSpec.Case c : attribute.writesFor(version)) {
                if (attribute.caseId(c).equals(id)) {
                    return judge(spec, attribute, c, version, record.get()).isEmpty();
                }
            }
        }
        return false;
    }

    /** What is wrong with a recorded write by the write spec's case for it on {@code version}, if anything. */
    private static Optional<String> judge(WriteSpec spec, WriteSpec.Attribute attribute, WriteSpec.Case c, KernelVersion version,
                                          WriteRecord record) {
        return spec.judge(attribute, c, version, Optional.ofNullable(record.mode()), record.outcome(), Optional.ofNullable(record.readBack()),
                Optional.ofNullable(record.before()));
    }

    /**
     * Pages that land elsewhere after the same outcome are documented only where the contract
     * predicts each kernel's placement (interleave, by its interleave-index-bits; weighted
     * interleave also by the weights each kernel shows): a result and
     * errno that match the contract say nothing about where pages went. After a different outcome
     * (EINVAL on one kernel, 0 on the other) the pages follow from it.
     */
    private boolean placementExplained(SyscallCatalog.Entry entry, SyscallFacts facts, Snapshot baseline, SyscallRecord was,
                                       Snapshot candidate, SyscallRecord is) {
        return InterleaveWeights.placementExplained(entry.call(), contract, facts, baseline, was, facts, candidate, is);
    }

    private boolean matchesContract(SyscallCatalog.Entry entry, SyscallFacts facts, Snapshot snapshot, SyscallRecord record) {
        return contract.check(entry.call(), facts, snapshot.kernel().release(), record.result(), record.errno()).isEmpty();
    }

    private static Map<String, SyscallRecord> byId(Snapshot snapshot) {
        return snapshot.syscalls().stream().collect(Collectors.toMap(SyscallRecord::id, Function.identity(), (a, b) -> a));
    }

    /** Each recorded call against the contract; a snapshot without syscalls (an old golden file) is a skip. */
    private List<CheckResult> syscalls(Snapshot snapshot, Topology topology) {
        String kernel = snapshot.kernel().reference();
        if (snapshot.syscalls().isEmpty()) {
            return List.of(new CheckResult(SYSCALLS, topology.name() + " on " + kernel, kernel, CheckResult.Status.SKIPPED,
                    Optional.of("the snapshot records no syscalls")));
        }
        List<CheckResult> failures = syscallMismatches(contract, snapshot.syscalls(), topology, snapshot.kernel().release(), kernel, SYSCALLS);
        Map<String, SyscallCatalog.Entry> catalog = SyscallCatalog.byId(SyscallFacts.of(topology)); // expanded once, not per record
        int checked = (int) snapshot.syscalls().stream().filter(r -> catalog.containsKey(r.id())).count();
        List<CheckResult> checks = new ArrayList<>(failures.isEmpty()
                ? List.of(new CheckResult(SYSCALLS, topology.name() + " on " + kernel, kernel, CheckResult.Status.PASSED,
                        Optional.of(checked + " calls match spec/syscalls.yaml")))
                : failures);
        checks.addAll(notAvailable(snapshot.syscalls(), kernel, SYSCALLS));
        return checks;
    }

    /** The records of cases the guest could not run (no huge pages), as skipped checks with the reason. */
    public static List<CheckResult> notAvailable(List<SyscallRecord> records, String kernel, String suite) {
        return records.stream().filter(r -> SyscallRecord.NOT_AVAILABLE.equals(r.errno()))
                .map(r -> new CheckResult(suite, r.id(), kernel, CheckResult.Status.SKIPPED, Optional.of("not available: 2 MiB huge pages"
                        + " could not be reserved on every memory node of the guest (spec/writes.yaml nr_hugepages)")))
                .toList();
    }

    /**
     * The catalog's records that do not match the contract, as failed checks named by case id;
     * a record of a case this harness no longer generates is left to the diff.
     */
    static List<CheckResult> syscallMismatches(SyscallContract contract, List<SyscallRecord> records, Topology topology,
                                               String release, String kernel, String suite) {
        SyscallFacts facts = SyscallFacts.of(topology);
        Map<String, SyscallCatalog.Entry> catalog = SyscallCatalog.byId(facts);
        List<CheckResult> failures = new ArrayList<>();
        for (SyscallRecord record : records) {
            SyscallCatalog.Entry entry = catalog.get(record.id());
            if (entry != null && !SyscallRecord.NOT_AVAILABLE.equals(record.errno())) {
                contract.check(entry.call(), facts, release, record.result(), record.errno())
                        .ifPresent(mismatch -> failures.add(new CheckResult(suite, record.id(), kernel,
                                CheckResult.Status.FAILED, Optional.of(mismatch.message()))));
            }
        }
        return failures;
    }

    /**
     * Write records against spec/writes.yaml: a failed check per write that is not what the spec
     * says for this kernel (named by its id), a passed one for the rest together. A record the
     * spec no longer has is left to the diff.
     */
    public static List<CheckResult> writeChecks(WriteSpec spec, List<WriteRecord> records, String release, String kernel,
                                                String topology, String suite) {
        KernelVersion version = KernelVersion.ofGuestRelease(release);
        Map<String, WriteRecord> byId = records.stream().collect(Collectors.toMap(WriteRecord::id, Function.identity(), (a, b) -> a));
        List<CheckResult> failures = new ArrayList<>();
        int checked = 0;
        for (WriteSpec.Attribute attribute : spec.attributesFor(version)) {
            for (WriteSpec.Case c : attribute.writesFor(version)) {
                WriteRecord record = byId.get(attribute.caseId(c));
                if (record == null) {
                    failures.add(new CheckResult(suite, attribute.caseId(c), kernel, CheckResult.Status.FAILED,
                            Optional.of(attribute.caseId(c) + " on " + version + ": not recorded; spec/writes.yaml has it for this kernel")));
                    continue;
                }
                checked++;
                judge(spec, attribute, c, version, record)
                        .ifPresent(problem -> failures.add(new CheckResult(suite, record.id(), kernel, CheckResult.Status.FAILED,
                                Optional.of(problem))));
            }
        }
        List<CheckResult> checks = new ArrayList<>(failures);
        checks.add(0, new CheckResult(suite, topology + " on " + kernel, kernel,
                failures.isEmpty() ? CheckResult.Status.PASSED : CheckResult.Status.FAILED,
                Optional.of(checked + " writes checked against spec/writes.yaml, " + failures.size() + " not as it says")));
        return failures.isEmpty() ? checks.subList(0, 1) : failures;
    }
}
