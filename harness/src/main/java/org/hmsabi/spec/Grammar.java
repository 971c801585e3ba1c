package org.hmsabi.spec;

import org.hmsabi.topology.NodeLists;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hmsabi.BadInputException;

/**
 * What a spec entry's value must look like ({@code grammar:} in spec/attributes.yaml), as data:
 * the conformance checker holds a snapshot's entries against it.
 */
public sealed interface Grammar {

    /** A one-line value (the trailing newline ignored) that must match a pattern. */
    record Scalar(String name, Pattern pattern) implements Grammar {
    }

    /** A file split into rows, each row's value in the row grammar. */
    record Table(Scalar row) implements Grammar {
    }

    /** A file that cannot be read by design (e.g. node/compact). */
    record WriteOnly() implements Grammar {
    }

    /** A symbolic link, whose target matches a pattern when the spec gives one. */
    record Link(Optional<PathPattern> target) implements Grammar {
    }

    record Directory() implements Grammar {
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
}
