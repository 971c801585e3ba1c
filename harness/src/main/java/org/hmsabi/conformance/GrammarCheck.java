package org.hmsabi.conformance;

import java.util.Map;
import java.util.Optional;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.spec.Grammar;

/** Holds a snapshot entry against the grammar its spec entry gives; returns the problem in words, or nothing when it conforms. */
final class GrammarCheck {
    private GrammarCheck() {
    }

    /** Why an entry does not conform: the wrong kind of file, or a value outside the grammar. */
    record Problem(ViolationRule rule, String detail) {
    }

    /** The problem with this snapshot entry, if it does not conform. */
    static Optional<Problem> check(Grammar grammar, Entry entry) {
        if (grammar instanceof Grammar.Scalar scalar) {
            if (entry instanceof Entry.File file) {
                return problem(scalar, file.content());
            }
            return Optional.of(new Problem(ViolationRule.KIND, "expected a readable file (" + scalar.name() + "), found " + kindOf(entry)));
        }
        if (grammar instanceof Grammar.Table table) {
            if (!(entry instanceof Entry.Table rows)) {
                return Optional.of(new Problem(ViolationRule.KIND, "expected a table, found " + kindOf(entry)));
            }
            for (Map.Entry<String, Cell> cell : rows.rows().entrySet()) {
                Optional<Problem> problem = problem(table.row(), cell.getValue());
                if (problem.isPresent()) {
                    return Optional.of(new Problem(ViolationRule.GRAMMAR, "row " + cell.getKey() + ": " + problem.get().detail()));
                }
            }
            return Optional.empty();
        }
        if (grammar instanceof Grammar.WriteOnly) {
            return entry instanceof Entry.WriteOnly ? Optional.empty()
                    : Optional.of(new Problem(ViolationRule.KIND, "expected a write-only file, found " + kindOf(entry)));
        }
        if (grammar instanceof Grammar.Link expected) {
            if (!(entry instanceof Entry.Link link)) {
                return Optional.of(new Problem(ViolationRule.KIND, "expected a symbolic link, found " + kindOf(entry)));
            }
            return expected.target().filter(pattern -> !pattern.matches(link.target()))
                    .map(pattern -> new Problem(ViolationRule.GRAMMAR, "link target '" + link.target() + "' is not " + pattern));
        }
        return entry instanceof Entry.Directory ? Optional.empty()
                : Optional.of(new Problem(ViolationRule.KIND, "expected a directory, found " + kindOf(entry)));
    }

    /** One cell: a value as it is, a volatile value by its recorded format. */
    private static Optional<Problem> problem(Grammar.Scalar scalar, Cell cell) {
        // A volatile format keeps everything but the digits: any number stands for each <int>.
        String value = cell instanceof Cell.Value known ? stripNewline(known.value())
                : stripNewline(((Cell.Volatile) cell).format()).replace("<int>", "0");
        if (scalar.pattern().matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Problem(ViolationRule.GRAMMAR, "'" + abbreviate(value) + "' is not " + scalar.name()));
    }

    private static String kindOf(Entry entry) {
        if (entry instanceof Entry.Unreadable unreadable) {
            return "an unreadable file (" + unreadable.errno() + ")";
        }
        if (entry instanceof Entry.Link link) {
            return "a symbolic link to " + link.target();
        }
        if (entry instanceof Entry.Table) {
            return "a table";
        }
        if (entry instanceof Entry.WriteOnly) {
            return "a write-only file";
        }
        return entry instanceof Entry.Directory ? "a directory" : "a readable file";
    }

    private static String stripNewline(String value) {
        return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    }

    private static String abbreviate(String value) {
        String oneLine = value.replace("\n", "\\n");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
