package org.hmsabi.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.spec.Stability;

/**
 * The ungrouped findings of the syscalls section. Records pair by {@code id}: a case only in the
 * candidate is ADDED, only in the baseline REMOVED; a different errno is ERRNO_CHANGED; the same
 * errno with a different return value or page placement (on transparent huge pages: a base page on
 * another node, or a range that was a THP on one side and split or never one on the other) is
 * RESULT_CHANGED; a case whose call or
 * arguments differ was redefined between the captures, which is FORMAT_CHANGED.
 *
 * <p>System calls are stable ABI as a whole (Documentation/ABI/stable/syscalls: "It will only be
 * added to over time, and not have things removed from it"), so every change here is judged as a
 * change of stable ABI.
 */
final class SyscallComparison {
    static final Stability STABILITY = Stability.STABLE;

    private final SeverityPolicy policy;

    SyscallComparison(SeverityPolicy policy) {
        this.policy = policy;
    }

    List<Finding> compare(List<SyscallRecord> baseline, List<SyscallRecord> candidate) {
        Map<String, SyscallRecord> before = byId(baseline);
        Map<String, SyscallRecord> after = byId(candidate);
        List<Finding> findings = new ArrayList<>();
        before.forEach((id, was) -> {
            SyscallRecord is = after.get(id);
            if (is == null) {
                findings.add(finding(Kind.REMOVED, id, Optional.of(outcome(was)), Optional.empty()));
            } else {
                compare(was, is).ifPresent(findings::add);
            }
        });
        after.forEach((id, is) -> {
            if (!before.containsKey(id)) {
                findings.add(finding(Kind.ADDED, id, Optional.empty(), Optional.of(outcome(is))));
            }
        });
        return findings;
    }

    private Optional<Finding> compare(SyscallRecord was, SyscallRecord is) {
        String id = was.id();
        if (!was.call().equals(is.call()) || !was.args().equals(is.args())) {
            return Optional.of(finding(Kind.FORMAT_CHANGED, id,
                    Optional.of(was.call() + was.args()), Optional.of(is.call() + is.args())));
        }
        if (!Optional.ofNullable(was.errno()).equals(Optional.ofNullable(is.errno()))) {
            return Optional.of(finding(Kind.ERRNO_CHANGED, id, Optional.of(outcome(was)), Optional.of(outcome(is))));
        }
        if (was.result() != is.result() || !was.placedAlike(is)) {
            return Optional.of(finding(Kind.RESULT_CHANGED, id, Optional.of(outcome(was)), Optional.of(outcome(is))));
        }
        return Optional.empty();
    }

    private Finding finding(Kind kind, String id, Optional<String> baseline, Optional<String> candidate) {
        return Findings.atomic(kind, policy.severityOf(kind, STABILITY), STABILITY, id, baseline, candidate);
    }

    /** {@code -1 EINVAL}, {@code 0 placement [2, 2]}, {@code 0 THP split 2048->0 kB; 512 on node 3}. */
    static String outcome(SyscallRecord record) {
        StringBuilder text = new StringBuilder().append(record.result());
        if (record.errno() != null) {
            text.append(' ').append(record.errno());
        }
        if (!record.placement().isEmpty()) {
            text.append(" placement ").append(record.placement());
        }
        if (record.thp() != null) {
            text.append(' ').append(record.thp().describe());
        }
        return text.toString();
    }

    private static Map<String, SyscallRecord> byId(List<SyscallRecord> records) {
        // ids are unique within a snapshot; should one repeat, the first record stands for it
        return records.stream().collect(Collectors.toMap(SyscallRecord::id, Function.identity(), (first, second) -> first,
                LinkedHashMap::new));
    }
}
