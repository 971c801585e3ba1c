package org.hmsabi.spec;

import org.hmsabi.conformance.ViolationRule;
import org.hmsabi.topology.NodeLists;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hmsabi.BadInputException;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;

/**
 * What a spec entry's value must look like ({@code grammar:} in spec/attributes.yaml). A check
 * returns the problem in words, or nothing when the entry conforms.
 */
public sealed interface Grammar {

    /** The problem with this snapshot entry, if it does not conform. */
    Optional<Problem> check(Entry entry);

    /** Why an entry does not conform: the wrong kind of file, or a value outside the grammar. */
    record Problem(ViolationRule rule, String detail) {
    }

    /** A one-line value (the trailing newline ignored) that must match a pattern. */
    record Scalar(String name, Pattern pattern) implements Grammar {
        @Override
        public Optional<Problem> check(Entry entry) {
            if (entry instanceof Entry.File file) {
                return problem(file.content());
            }
            return Optional.of(new Problem(ViolationRule.KIND, "expected a readable file (" + name + "), found " + kindOf(entry)));
        }

        /** One cell: a value as it is, a volatile value by its recorded format. */
        Optional<Problem> problem(Cell cell) {
            // A volatile format keeps everything but the digits: any number stands for each <int>.
            String value = cell instanceof Cell.Value known ? stripNewline(known.value())
                    : stripNewline(((Cell.Volatile) cell).format()).replace("<int>", "0");
            if (pattern.matcher(value).matches()) {
                return Optional.empty();
            }
            return Optional.of(new Problem(ViolationRule.GRAMMAR, "'" + abbreviate(value) + "' is not " + name));
        }
    }

    /** A file split into rows, each row's value in the row grammar. */
    record Table(Scalar row) implements Grammar {
        @Override
        public Optional<Problem> check(Entry entry) {
            if (!(entry instanceof Entry.Table table)) {
                return Optional.of(new Problem(ViolationRule.KIND, "expected a table, found " + kindOf(entry)));
            }
            for (Map.Entry<String, Cell> cell : table.rows().entrySet()) {
                Optional<Problem> problem = row.problem(cell.getValue());
                if (problem.isPresent()) {
                    return Optional.of(new Problem(ViolationRule.GRAMMAR, "row " + cell.getKey() + ": " + problem.get().detail()));
                }
            }
            return Optional.empty();
        }
    }

    /** A file that cannot be read by design (e.g. node/compact). */
    record WriteOnly() implements Grammar {
        @Override
        public Optional<Problem> check(Entry entry) {
            return entry instanceof Entry.WriteOnly ? Optional.empty()
                    : Optional.of(new Problem(ViolationRule.KIND, "expected a write-only file, found " + kindOf(entry)));
        }
    }

    /** A symbolic link, whose target matches a pattern when the spec gives one. */
    record Link(Optional<PathPattern> target) implements Grammar {
        @Override
        public Optional<Problem> check(Entry entry) {
            if (!(entry instanceof Entry.Link link)) {
                return Optional.of(new Problem(ViolationRule.KIND, "expected a symbolic link, found " + kindOf(entry)));
            }
            return target.filter(pattern -> !pattern.matches(link.target()))
                    .map(pattern -> new Problem(ViolationRule.GRAMMAR, "link target '" + link.target() + "' is not " + pattern));
        }
    }

    record Directory() implements Grammar {
        @Override
        public Optional<Problem> check(Entry entry) {
            return entry instanceof Entry.Directory ? Optional.empty()
                    : Optional.of(new Problem(ViolationRule.KIND, "expected a directory, found " + kindOf(entry)));
        }
    }

    /** The grammar a spec entry names, with its parameters ({@code values}, {@code pattern}, {@code row}, {@code target}). */
    static Grammar of(String name, List<String> values, String pattern, String row, String target) {
        return switch (name) {
            case "table" -> new Table(scalar(row == null ? "text" : row, values, pattern));
            case "write-only" -> new WriteOnly();
            case "link" -> new Link(Optional.ofNullable(target).map(PathPattern::of));
            case "directory" -> new Directory();
            default -> scalar(name, values, pattern);
        };
    }

    private static Scalar scalar(String name, List<String> values, String pattern) {
        return switch (name) {
            case "integer" -> new Scalar("an integer", Pattern.compile("-?[0-9]+"));
            case "kib-or-integer" -> new Scalar("an integer, optionally in kB", Pattern.compile("-?[0-9]+( kB)?"));
            case "nodelist" -> new Scalar("a node list like 0-3,8", NodeLists.SYNTAX);
            case "cpulist" -> new Scalar("a CPU list like 0-3,8", NodeLists.SYNTAX);
            case "cpumask" -> new Scalar("a CPU mask like ff,00000001", Pattern.compile("[0-9a-f]{1,8}(,[0-9a-f]{8})*"));
            case "distance-row" -> new Scalar("a row of distances like 10 20", Pattern.compile("[0-9]+( [0-9]+)*"));
            case "text" -> new Scalar("text", Pattern.compile(".*", Pattern.DOTALL));
            case "empty" -> new Scalar("empty", Pattern.compile(""));
            case "enum" -> {
                if (values == null || values.isEmpty()) {
                    throw new BadInputException("grammar enum needs 'values'");
                }
                yield new Scalar("one of " + values, Pattern.compile(values.stream().map(Pattern::quote).collect(Collectors.joining("|"))));
            }
            case "regex" -> {
                if (pattern == null) {
                    throw new BadInputException("grammar regex needs 'pattern'");
                }
                yield new Scalar("/" + pattern + "/", Pattern.compile(pattern));
            }
            default -> throw new BadInputException("unknown grammar '" + name + "'; see the header of spec/attributes.yaml");
        };
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
