package org.hmsabi.diff;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hmsabi.BadInputException;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.AbiSpec;

/**
 * The cross-version diff (docs/gate.md, "Diff classification"): classifies every difference
 * between a baseline and a candidate snapshot of the same topology ({@link EntryComparison},
 * {@link SyscallComparison}), judges it by the spec's stability ({@link SeverityPolicy}), groups
 * related ones ({@link Grouping}) and applies the waivers. The kernel release differing is the
 * point of a diff, not a finding.
 */
public final class SnapshotDiff {
    private static final Comparator<Finding> READING_ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::kind)
            .thenComparing(Finding::subject, SnapshotDiff::naturally);

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final AbiSpec spec;
    private final Waivers waivers;
    private final boolean strict;
    private final Clock clock;
    private final Grouping grouping = new Grouping();

    public SnapshotDiff(AbiSpec spec, Waivers waivers, boolean strict) {
        this(spec, waivers, strict, Clock.systemDefaultZone());
    }

    /** With the clock that decides which waivers have expired. */
    public SnapshotDiff(AbiSpec spec, Waivers waivers, boolean strict, Clock clock) {
        this.spec = spec;
        this.waivers = waivers;
        this.strict = strict;
        this.clock = clock;
    }

    /** @throws BadInputException if the snapshots are of different topologies, which no diff can compare */
    public DiffResult compare(Snapshot baseline, Snapshot candidate) {
        if (!baseline.topology().hash().equals(candidate.topology().hash())) {
            throw new BadInputException("the snapshots are of different topologies (baseline " + describe(baseline)
                    + ", candidate " + describe(candidate) + "); diff two snapshots of the same topology fixture");
        }
        SeverityPolicy policy = new SeverityPolicy(strict);
        List<Finding> changes = new ArrayList<>(new EntryComparison(spec, policy, kernelOf(baseline), kernelOf(candidate))
                .compare(SnapshotPair.entries(baseline), SnapshotPair.entries(candidate)));
        changes.addAll(new SyscallComparison(policy).compare(baseline.syscalls(), candidate.syscalls()));
        changes.addAll(new WriteComparison(spec, policy, kernelOf(candidate)).compare(baseline.writes(), candidate.writes()));
        List<Finding> grouped = grouping.apply(changes, new SnapshotPair(baseline, candidate));
        Waivers.Applied waived = waivers.applyTo(grouped, candidate.kernel(), candidate.topology().name(), LocalDate.now(clock));
        List<Finding> ordered = waived.findings().stream().sorted(READING_ORDER).toList();
        return new DiffResult(baseline.kernel(), candidate.kernel(), candidate.topology(), strict, ordered, waived.report());
    }

    /** "node 4" before "node 10": runs of digits compare as numbers. */
    static int naturally(String a, String b) {
        return padNumbers(a).compareTo(padNumbers(b));
    }

    private static String padNumbers(String text) {
        return DIGITS.matcher(text)
                .replaceAll(match -> "0".repeat(Math.max(0, 10 - match.group().length())) + match.group());
    }

    private static String describe(Snapshot snapshot) {
        String hash = snapshot.topology().hash();
        return snapshot.topology().name() + " " + hash.substring(0, Math.min(12, hash.length()));
    }

    /** The snapshot's kernel version, where its release says one. */
    private static Optional<KernelVersion> kernelOf(Snapshot snapshot) {
        return KernelVersion.tryParse(snapshot.kernel().release());
    }
}
