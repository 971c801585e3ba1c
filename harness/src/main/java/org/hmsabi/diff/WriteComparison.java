package org.hmsabi.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.model.WriteRecord;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.AttributeRule;
import org.hmsabi.spec.Stability;

/**
 * The ungrouped findings of the writes section. Records pair by {@code id}: a write only in the
 * candidate is ADDED, only in the baseline REMOVED; a different outcome (accepted against
 * refused, or another errno) is ERRNO_CHANGED; other permission bits are FORMAT_CHANGED; an
 * accepted write after which the attribute reads otherwise is VALUE_CHANGED, unless on both
 * kernels it left the attribute as it was. What an attribute held before the writes is the read
 * side's business (the sysfs section): a refused write, or one that left the value as it was, is
 * the same write on a kernel with another default. Each is judged by the stability the ABI
 * spec gives the attribute written (undocumented where it has none). A snapshot that records no
 * writes (every golden file, a plain {@code hmsabi snapshot}) is compared with nothing: a write
 * missing there says nothing about the kernel.
 */
final class WriteComparison {
    private final AbiSpec spec;
    private final SeverityPolicy policy;
    private final Optional<KernelVersion> kernel;

    WriteComparison(AbiSpec spec, SeverityPolicy policy, Optional<KernelVersion> kernel) {
        this.spec = spec;
        this.policy = policy;
        this.kernel = kernel;
    }

    List<Finding> compare(List<WriteRecord> baseline, List<WriteRecord> candidate) {
        if (baseline.isEmpty() || candidate.isEmpty()) {
            return List.of();
        }
        Map<String, WriteRecord> before = byId(baseline);
        Map<String, WriteRecord> after = byId(candidate);
        List<Finding> findings = new ArrayList<>();
        before.forEach((id, was) -> {
            WriteRecord is = after.get(id);
            if (is == null) {
                findings.add(finding(Kind.REMOVED, was, Optional.of(outcome(was)), Optional.empty()));
            } else {
                compare(was, is).ifPresent(findings::add);
            }
        });
        after.forEach((id, is) -> {
            if (!before.containsKey(id)) {
                findings.add(finding(Kind.ADDED, is, Optional.empty(), Optional.of(outcome(is))));
            }
        });
        return findings;
    }

    private Optional<Finding> compare(WriteRecord was, WriteRecord is) {
        if (!Objects.equals(was.outcome(), is.outcome())) {
            return Optional.of(finding(Kind.ERRNO_CHANGED, is, Optional.of(outcome(was)), Optional.of(outcome(is))));
        }
        if (!Objects.equals(was.mode(), is.mode())) {
            return Optional.of(finding(Kind.FORMAT_CHANGED, is, Optional.ofNullable(was.mode()).map(m -> "mode " + m),
                    Optional.ofNullable(is.mode()).map(m -> "mode " + m)));
        }
        if ("ok".equals(is.outcome()) && !Objects.equals(was.readBack(), is.readBack()) && !(leftAsItWas(was) && leftAsItWas(is))) {
            return Optional.of(finding(Kind.VALUE_CHANGED, is, Optional.of(outcome(was)), Optional.of(outcome(is))));
        }
        return Optional.empty();
    }

    private Finding finding(Kind kind, WriteRecord record, Optional<String> baseline, Optional<String> candidate) {
        Stability stability = spec.find(record.path(), kernel).map(AttributeRule::stability).orElse(Stability.UNDOCUMENTED);
        return Findings.atomic(kind, policy.severityOf(kind, stability), stability, "write " + record.id(), baseline, candidate);
    }

    /** An accepted write after which the attribute reads what it read before (a zero-length write, or the value it had). */
    private static boolean leftAsItWas(WriteRecord record) {
        return record.readBack() != null && record.readBack().equals(record.before());
    }

    /** {@code EINVAL}, {@code ok, reads 5}. */
    static String outcome(WriteRecord record) {
        return record.outcome() + (record.readBack() != null && "ok".equals(record.outcome()) ? ", reads '" + record.readBack() + "'" : "");
    }

    private static Map<String, WriteRecord> byId(List<WriteRecord> records) {
        return records.stream().collect(Collectors.toMap(WriteRecord::id, Function.identity(), (first, second) -> first, LinkedHashMap::new));
    }
}
