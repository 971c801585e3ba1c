package org.hmsabi.spec;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hmsabi.BadInputException;
import org.hmsabi.kernel.KernelRange;
import org.hmsabi.kernel.KernelVersion;

/**
 * One spec entry: which paths it covers, how their content splits, how each part is compared,
 * the ABI promise, what the value must look like and when the path must exist.
 *
 * @param kernels  the kernels that have the path as described: its lower bound ({@link #since}) is the
 *                 first kernel that has it (unbounded for paths the spec does not know), its upper
 *                 bound ({@link #until}) the first that no longer has it as described (removed,
 *                 renamed, changed); the rule does not apply to kernels from there on
 * @param requires firmware features without which the path does not exist
 * @param presence when the path is required (see {@link Presence})
 */
public record AttributeRule(
        PathPattern path,
        Shape shape,
        ValueClass valueClass,
        Map<PathPattern, ValueClass> rows,
        Stability stability,
        String doc,
        Grammar grammar,
        KernelRange kernels,
        Set<Condition> requires,
        Presence presence) {

    private static final Grammar ANY_TEXT = Grammar.of("text", null, null, null, null);

    public AttributeRule {
        rows = Map.copyOf(rows);
        requires = Set.copyOf(requires);
        if (!kernels.kernels().isEmpty()) {
            throw new BadInputException("kernels '" + kernels + "': a spec entry holds for kernel versions, not for named kernels");
        }
    }

    /** An entry as snapshots and diffs knew it before grammars: any text, never required. */
    public AttributeRule(PathPattern path, Shape shape, ValueClass valueClass, Map<PathPattern, ValueClass> rows,
                         Stability stability, String doc) {
        this(path, shape, valueClass, rows, stability, doc, ANY_TEXT, KernelRange.ALL, Set.of(), Presence.OPTIONAL);
    }

    /** The rule for paths no spec entry covers: compared by value, and reported as undocumented. */
    public static AttributeRule unknown(String path) {
        return new AttributeRule(PathPattern.of(path), Shape.SCALAR, ValueClass.DETERMINISTIC, Map.of(),
                Stability.UNDOCUMENTED, "");
    }

    /** The class of one table row. */
    public ValueClass rowClass(String rowName) {
        return rows.entrySet().stream()
                .filter(row -> row.getKey().matches(rowName))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(valueClass);
    }

    /** The first kernel that has the path; empty for paths the spec does not know. */
    public Optional<KernelVersion> since() {
        return kernels.since();
    }

    /** The first kernel that no longer has the path as described; empty while kernels still have it. */
    public Optional<KernelVersion> until() {
        return kernels.until();
    }

    /**
     * True when a kernel of this version has the path: from {@code since}, and before {@code until}
     * when the path went away (unknown versions: assume it does not have to).
     */
    public boolean expectedOn(Optional<KernelVersion> kernel) {
        return kernel.isPresent() && since().isPresent() && kernels.contains(kernel.get());
    }

    /**
     * False only for a known kernel at or after {@code until}: the attribute this rule describes is
     * gone there, so the rule neither covers nor requires the path on it (a later entry may).
     */
    public boolean appliesTo(Optional<KernelVersion> kernel) {
        return kernel.isEmpty() || until().isEmpty() || !kernel.get().atLeast(until().get());
    }
}
