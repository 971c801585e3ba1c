package org.hmsabi.spec;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hmsabi.BadInputException;

/**
 * One spec entry: which paths it covers, how their content splits, how each part is compared,
 * the ABI promise, what the value must look like and when the path must exist.
 *
 * @param since    the first kernel that has the path; empty for paths the spec does not know
 * @param until    the first kernel that no longer has the path (it was removed or renamed); empty while
 *                 kernels still have it. The rule does not apply to kernels from this version on.
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
        Optional<KernelVersion> since,
        Optional<KernelVersion> until,
        Set<Condition> requires,
        Presence presence) {

    private static final Grammar ANY_TEXT = Grammar.of("text", null, null, null, null);

    public AttributeRule {
        rows = Map.copyOf(rows);
        requires = Set.copyOf(requires);
        if (since.isPresent() && until.isPresent() && !until.get().isAfter(since.get())) {
            throw new BadInputException("until " + until.get() + " must be a later kernel than since " + since.get());
        }
    }

    /** An entry as snapshots and diffs knew it before grammars: any text, never required. */
    public AttributeRule(PathPattern path, Shape shape, ValueClass valueClass, Map<PathPattern, ValueClass> rows,
                         Stability stability, String doc) {
        this(path, shape, valueClass, rows, stability, doc, ANY_TEXT, Optional.empty(), Optional.empty(), Set.of(), Presence.OPTIONAL);
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

    /**
     * True when a kernel of this version has the path: from {@code since}, and before {@code until}
     * when the path went away (unknown versions: assume it does not have to).
     */
    public boolean expectedOn(Optional<KernelVersion> kernel) {
        return kernel.isPresent() && since.isPresent() && kernel.get().atLeast(since.get()) && appliesTo(kernel);
    }

    /**
     * False only for a known kernel at or after {@code until}: the attribute this rule describes is
     * gone there, so the rule neither covers nor requires the path on it (a later entry may).
     */
    public boolean appliesTo(Optional<KernelVersion> kernel) {
        return kernel.isEmpty() || until.isEmpty() || !kernel.get().atLeast(until.get());
    }
}
