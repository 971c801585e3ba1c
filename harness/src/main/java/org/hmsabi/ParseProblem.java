package org.hmsabi;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What is wrong with a YAML or JSON file hmsabi reads (spec files, kernel pins, the syscall
 * catalog, snapshots and golden files, run outcomes), in the file's terms: the line, the key and
 * what was expected, never the Java classes the parser names. Fixtures have their richer
 * wording in {@code topology.YamlErrorMessage}.
 */
public final class ParseProblem {
    private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing required creator property '([^']+)'.*");

    private ParseProblem() {
    }

    /** {@code near line 12: unknown key 'x'; ...}: one line for any failure to read such a file. */
    public static String of(IOException error) {
        if (!(error instanceof JsonProcessingException processing)) {
            return error.getMessage() == null ? "unreadable" : Messages.firstLine(error.getMessage());
        }
        // Where the parser stood: on the mistake's line or just past it (an unknown key's value is read first).
        JsonLocation location = processing.getLocation();
        String line = location != null && location.getLineNr() > 0 ? "near line " + location.getLineNr() + ": " : "";
        return line + problem(processing);
    }

    private static String problem(JsonProcessingException error) {
        String where = error instanceof JsonMappingException mapping ? path(mapping) : "";
        String at = where.isEmpty() ? "" : " at '" + where + "'";
        if (error instanceof UnrecognizedPropertyException unknown) {
            String known = knownKeys(unknown);
            return "unknown key '" + unknown.getPropertyName() + "'" + (known.isEmpty() ? "" : "; the keys here are: " + known);
        }
        if (error instanceof InvalidNullException) {
            return "'" + where + "' is empty";
        }
        if (error instanceof ValueInstantiationException && error.getCause() instanceof IllegalArgumentException cause) {
            return Messages.firstLine(String.valueOf(cause.getMessage())) + at;
        }
        if (error instanceof MismatchedInputException) {
            Matcher missing = MISSING_PROPERTY.matcher(firstLine(error.getOriginalMessage()));
            if (missing.matches()) {
                return "missing key '" + missing.group(1) + "'" + (where.isEmpty() ? "" : " in '" + where + "'");
            }
            return where.isEmpty() ? "a value of the wrong kind" : "the value at '" + where + "' is of the wrong kind";
        }
        return simplify(firstLine(error.getOriginalMessage())) + at;
    }

    /** The keys that may stand where an unknown one does, sorted and comma-separated ("" when unknown). */
    public static String knownKeys(UnrecognizedPropertyException unknown) {
        return unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                .map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    /** Where in the document the mapping failed: {@code entries[0].weight}. */
    public static String path(JsonMappingException error) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : error.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : Messages.firstLine(message).strip();
    }

    /** Drops Java type names ({@code `java.lang.Integer`}, {@code (class org.hmsabi.X)}) from a parser's wording. */
    public static String simplify(String message) {
        return message.replaceAll("\\s*\\((class|for) [^)]*\\)", "")
                .replaceAll("`[\\w.$]+\\$(\\w+)`", "$1").replaceAll("`java\\.lang\\.(\\w+)`", "$1")
                .replaceAll("`java\\.util\\.(\\w+)(<[^`]*>)?`", "$1")
                .replaceAll("`?[a-z]+(\\.[a-z]+)+\\.[A-Z][\\w$.]*`?", "a value");
    }
}
