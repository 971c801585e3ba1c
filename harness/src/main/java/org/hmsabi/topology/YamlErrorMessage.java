package org.hmsabi.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hmsabi.Messages;

/**
 * Turns Jackson's multi-line exception text into one line a fixture author can act on:
 * {@code file:LINE: what is wrong at which key; what to do}. Jackson's own wording names Java
 * classes, which mean nothing to the reader of a YAML file.
 */
final class YamlErrorMessage {

    private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing required creator property '([^']+)'.*");

    private YamlErrorMessage() {
    }

    /**
     * @param keys where each key was read; may be null if parsing failed before it existed
     */
    static String describe(String source, JsonProcessingException error, KeyLocations keys) {
        JsonLocation location = error.getLocation();
        if (error instanceof UnrecognizedPropertyException unknown && keys != null) {
            location = keys.of(unknown.getPath()).orElse(null);
        }
        return source + line(location) + ": " + problem(error);
    }

    private static String line(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : ":" + location.getLineNr();
    }

    private static String problem(JsonProcessingException error) {
        String where = error instanceof JsonMappingException mapping ? path(mapping) : "";
        String at = where.isEmpty() ? "" : " at '" + where + "'";
        if (error instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            String parent = parentPath(unknown);
            return "unknown key '" + unknown.getPropertyName() + "'" + (parent.isEmpty() ? "" : " in '" + parent + "'")
                    + "; remove it or use one of: " + known;
        }
        if (error instanceof InvalidNullException) {
            return "'" + where + "' is empty; give it a value or remove it";
        }
        if (error instanceof ValueInstantiationException && error.getCause() instanceof IllegalArgumentException cause) {
            return cause.getMessage() + at;
        }
        if (error instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "'" + invalid.getValue() + "'" + at + " is not one of: " + enumNames(invalid.getTargetType());
        }
        if (error instanceof MismatchedInputException) {
            Matcher missing = MISSING_PROPERTY.matcher(firstLine(error.getOriginalMessage()));
            if (missing.matches()) {
                return "missing key '" + missing.group(1) + "'" + (where.isEmpty() ? "" : " in '" + where + "'")
                        + "; add it";
            }
            return "value" + at + " has the wrong type (" + simplify(firstLine(error.getOriginalMessage()))
                    + "); see fixtures/topologies/README.md for the format";
        }
        return simplify(firstLine(error.getOriginalMessage())) + at;
    }

    private static String path(JsonMappingException error) {
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

    /** The path of the mapping holding the unknown key (Jackson's path may or may not end with the key). */
    private static String parentPath(UnrecognizedPropertyException error) {
        String full = path(error);
        String key = "." + error.getPropertyName();
        if (full.equals(error.getPropertyName())) {
            return "";
        }
        return full.endsWith(key) ? full.substring(0, full.length() - key.length()) : full;
    }

    private static String enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(YamlErrorMessage::fixtureSpelling)
                .collect(Collectors.joining(", "));
    }

    private static String fixtureSpelling(Object constant) {
        if (constant instanceof MemoryHierarchy value) {
            return value.qemuName();
        }
        if (constant instanceof CacheAssociativity value) {
            return value.qemuName();
        }
        if (constant instanceof CacheWritePolicy value) {
            return value.qemuName();
        }
        if (constant instanceof HotPlugDeviceKind value) {
            return value.fixtureName();
        }
        return String.valueOf(constant);
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable YAML" : Messages.firstLine(message).strip();
    }

    /** Drops Java type names such as {@code `java.lang.Integer`} from Jackson's wording. */
    private static String simplify(String message) {
        return message.replaceAll("`[\\w.$]+\\$(\\w+)`", "$1").replaceAll("`java\\.lang\\.(\\w+)`", "$1")
                .replaceAll("`java\\.util\\.(\\w+)(<[^`]*>)?`", "$1");
    }
}
