package org.hmsabi.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.spec.AttributeRule;
import org.hmsabi.spec.ValueClass;

/**
 * The ungrouped findings for one path of the sysfs/procfs sections. Classification:
 * <ul>
 * <li>path only in the candidate: ADDED; only in the baseline: REMOVED;</li>
 * <li>a different entry type (a file became unreadable, a link a file, ...): FORMAT_CHANGED of the path;</li>
 * <li>a table row only on one side: ADDED / REMOVED of {@code path#Row} (the row set is the
 *     table's format, but naming the row says exactly what a parser will miss);</li>
 * <li>a volatile value (by the spec, or kept only as a format on either side) whose format
 *     differs: FORMAT_CHANGED; a config or deterministic value that differs: VALUE_CHANGED;</li>
 * <li>a different errno when reading: ERRNO_CHANGED; a different link target: VALUE_CHANGED;</li>
 * <li>a different permission mode: VALUE_CHANGED with the subject {@code mode of <path>}.</li>
 * </ul>
 */
final class EntryComparison {
    private final AbiSpec spec;
    private final SeverityPolicy policy;
    private final Optional<KernelVersion> baselineKernel;
    private final Optional<KernelVersion> candidateKernel;

    EntryComparison(AbiSpec spec, SeverityPolicy policy) {
        this(spec, policy, Optional.empty(), Optional.empty());
    }

    /** With the kernels compared, so a removal the spec documents ({@code until}) is recognised. */
    EntryComparison(AbiSpec spec, SeverityPolicy policy, Optional<KernelVersion> baselineKernel,
                    Optional<KernelVersion> candidateKernel) {
        this.spec = spec;
        this.policy = policy;
        this.baselineKernel = baselineKernel;
        this.candidateKernel = candidateKernel;
    }

    List<Finding> compare(Map<String, Entry> baseline, Map<String, Entry> candidate) {
        List<Finding> findings = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(baseline.keySet());
        paths.addAll(candidate.keySet());
        for (String path : paths) {
            Entry before = baseline.get(path);
            Entry after = candidate.get(path);
            if (before == null) {
                findings.add(finding(Kind.ADDED, path, Optional.empty(), Optional.of(describe(after))));
            } else if (after == null) {
                findings.add(documentedRemoval(finding(Kind.REMOVED, path, Optional.of(describe(before)), Optional.empty())));
            } else {
                findings.addAll(compare(path, before, after));
            }
        }
        return findings;
    }

    private List<Finding> compare(String path, Entry before, Entry after) {
        List<Finding> findings = new ArrayList<>();
        if (before.getClass() != after.getClass()) {
            findings.add(finding(Kind.FORMAT_CHANGED, path, Optional.of(describe(before)), Optional.of(describe(after))));
            return findings;
        }
        modeOf(before).filter(mode -> !mode.equals(modeOf(after).orElseThrow())).ifPresent(mode -> findings.add(
                modeFinding(path, mode, modeOf(after).orElseThrow())));
        AttributeRule rule = spec.ruleFor(path);
        if (before instanceof Entry.File file) {
            compareCells(path, rule.valueClass(), file.content(), ((Entry.File) after).content()).ifPresent(findings::add);
        } else if (before instanceof Entry.Table table) {
            findings.addAll(compareRows(path, rule, table, (Entry.Table) after));
        } else if (before instanceof Entry.Unreadable unreadable) {
            String errno = ((Entry.Unreadable) after).errno();
            if (!unreadable.errno().equals(errno)) {
                findings.add(finding(Kind.ERRNO_CHANGED, path, Optional.of(unreadable.errno()), Optional.of(errno)));
            }
        } else if (before instanceof Entry.Link link) {
            String target = ((Entry.Link) after).target();
            if (!link.target().equals(target)) {
                findings.add(finding(Kind.VALUE_CHANGED, path, Optional.of(link.target()), Optional.of(target)));
            }
        }
        // write-only files and directories have nothing but their mode to compare
        return findings;
    }

    private List<Finding> compareRows(String path, AttributeRule rule, Entry.Table before, Entry.Table after) {
        List<Finding> findings = new ArrayList<>();
        TreeSet<String> rows = new TreeSet<>(before.rows().keySet());
        rows.addAll(after.rows().keySet());
        for (String row : rows) {
            Cell was = before.rows().get(row);
            Cell is = after.rows().get(row);
            String rowPath = AbiPath.row(path, row);
            if (was == null) {
                findings.add(finding(Kind.ADDED, rowPath, Optional.empty(), Optional.of(shown(is))));
            } else if (is == null) {
                findings.add(documentedRemoval(finding(Kind.REMOVED, rowPath, Optional.of(shown(was)), Optional.empty())));
            } else {
                compareCells(rowPath, rule.rowClass(row), was, is).ifPresent(findings::add);
            }
        }
        return findings;
    }

    /**
     * Volatile values, and values one side kept only as a format, compare by format; the rest by value.
     * The current spec decides, so a snapshot taken before a value became volatile still compares fairly.
     */
    private Optional<Finding> compareCells(String path, ValueClass valueClass, Cell before, Cell after) {
        if (valueClass == ValueClass.VOLATILE || before instanceof Cell.Volatile || after instanceof Cell.Volatile) {
            String was = formatOf(before);
            String is = formatOf(after);
            return was.equals(is) ? Optional.empty() : Optional.of(finding(Kind.FORMAT_CHANGED, path, Optional.of(was), Optional.of(is)));
        }
        String was = ((Cell.Value) before).value();
        String is = ((Cell.Value) after).value();
        return was.equals(is) ? Optional.empty() : Optional.of(finding(Kind.VALUE_CHANGED, path, Optional.of(was), Optional.of(is)));
    }

    private Finding finding(Kind kind, String path, Optional<String> baseline, Optional<String> candidate) {
        var stability = spec.ruleFor(AbiPath.file(path)).stability();
        return Findings.atomic(kind, policy.severityOf(kind, stability), stability, path, baseline, candidate);
    }

    /**
     * A removal the spec documents: the baseline's rule for the path ends ({@code until}) at or
     * before the candidate's kernel. It is reported as information naming the spec entry, like a
     * waiver; everything else about the finding stays.
     */
    private Finding documentedRemoval(Finding removal) {
        if (baselineKernel.isEmpty() || candidateKernel.isEmpty()) {
            return removal;
        }
        String file = AbiPath.file(removal.subject());
        return spec.find(file, baselineKernel)
                .filter(rule -> rule.until().filter(until -> candidateKernel.get().atLeast(until)).isPresent())
                .map(rule -> removal.waivedBy("removed as documented: spec/attributes.yaml " + rule.path()
                        + " until " + rule.until().get() + (rule.doc().isBlank() ? "" : " (" + rule.doc() + ")")))
                .orElse(removal);
    }

    private Finding modeFinding(String path, String before, String after) {
        var stability = spec.ruleFor(path).stability();
        return new Finding(Kind.VALUE_CHANGED, policy.severityOf(Kind.VALUE_CHANGED, stability), stability,
                "mode of " + path, List.of(path), Optional.of(before), Optional.of(after), Optional.empty());
    }

    private static String formatOf(Cell cell) {
        return cell instanceof Cell.Value value ? Cell.formatOf(value.value()) : ((Cell.Volatile) cell).format();
    }

    private static String shown(Cell cell) {
        return cell instanceof Cell.Value value ? value.value() : ((Cell.Volatile) cell).format();
    }

    private static Optional<String> modeOf(Entry entry) {
        if (entry instanceof Entry.File file) {
            return Optional.of(file.mode());
        } else if (entry instanceof Entry.Table table) {
            return Optional.of(table.mode());
        } else if (entry instanceof Entry.Unreadable unreadable) {
            return Optional.of(unreadable.mode());
        } else if (entry instanceof Entry.WriteOnly writeOnly) {
            return Optional.of(writeOnly.mode());
        } else if (entry instanceof Entry.Directory directory) {
            return Optional.of(directory.mode());
        }
        return Optional.empty(); // a link's mode is always 0777 and says nothing
    }

    /** An entry in one phrase, for ADDED/REMOVED/FORMAT_CHANGED findings. */
    static String describe(Entry entry) {
        if (entry instanceof Entry.File file) {
            return file.content() instanceof Cell.Value value ? value.value() : "file of format " + formatOf(file.content());
        } else if (entry instanceof Entry.Table table) {
            return "table of " + table.rows().size() + " rows";
        } else if (entry instanceof Entry.Unreadable unreadable) {
            return "unreadable (" + unreadable.errno() + ")";
        } else if (entry instanceof Entry.WriteOnly) {
            return "write-only file";
        } else if (entry instanceof Entry.Link link) {
            return "link to " + link.target();
        }
        return "directory";
    }
}
