package org.hmsabi.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
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
            String known = org.hmsabi.ParseProblem.knownKeys(unknown);
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
            MismatchedInputException mismatch = (MismatchedInputException) error;
            return "value" + at + " has the wrong type: expected " + expected(mismatch.getTargetType(), where)
                    + ", found " + found(mismatch) + "; see fixtures/topologies/README.md for the format";
        }
        return simplify(firstLine(error.getOriginalMessage())) + at;
    }

    /** What a value of this type looks like in a fixture, in the fixture's terms (never a Java class name). */
    static String expected(Class<?> type, String where) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == Latency.class) {
            return "a latency like 120ns";
        }
        if (type == Bandwidth.class) {
            return "a bandwidth like 8GiB/s";
        }
        if (type == ByteSize.class) {
            return "a size like 512M";
        }
        if (type == NodeSet.class) {
            return "a node id or a list of node ids, like 2, 0-3 or [0, 4-11]";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text";
        }
        if (type.isEnum()) {
            return "one of: " + enumNames(type);
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return listOf(where);
        }
        if (type == TopologyDocument.MeasurementDocument.class) {
            return "a mapping with a latency and a bandwidth, like {latency: 120ns, bandwidth: 8GiB/s}";
        }
        if (type.isRecord()) {
            return "a mapping with the keys " + Arrays.stream(type.getRecordComponents())
                    .map(java.lang.reflect.RecordComponent::getName).collect(Collectors.joining(", "));
        }
        return "another kind of value";
    }

    /** The list a key holds, by the key's name. */
    private static String listOf(String where) {
        String key = where.replaceAll("\\[\\d+]$", "").replaceAll(".*\\.", "");
        boolean row = where.matches(".*matrix\\[\\d+]");
        if (row) {
            return "a row of distances, like [10, 20]";
        }
        return switch (key) {
            case "nodes" -> "a list of nodes";
            case "hmat" -> "a list of HMAT entries";
            case "caches" -> "a list of memory-side caches";
            case "devices" -> "a list of hot-plug devices";
            case "pairs" -> "a list of node pairs with a distance";
            case "matrix" -> "a list of rows of distances, like [[10, 20], [20, 10]]";
            default -> "a list";
        };
    }

    /** What the fixture holds instead: the token the parser stopped at, or the value it could not convert. */
    private static String found(MismatchedInputException error) {
        if (error instanceof InvalidFormatException invalid && invalid.getValue() != null) {
            Object value = invalid.getValue();
            return value instanceof String text ? "the text '" + Quantities.asWritten(text) + "'" : "the value " + Quantities.asWritten(value);
        }
        if (!(error.getProcessor() instanceof JsonParser parser) || parser.currentToken() == null) {
            return "a value of another kind";
        }
        JsonToken token = parser.currentToken();
        String text;
        try {
            text = token.isScalarValue() ? parser.getText() : "";
        } catch (IOException unreadable) {
            text = "";
        }
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + Quantities.asWritten(text);
            case VALUE_STRING -> "the text '" + Quantities.asWritten(text) + "'";
            case VALUE_TRUE, VALUE_FALSE -> text;
            case START_ARRAY -> "a list";
            case START_OBJECT, FIELD_NAME, END_OBJECT -> "a mapping";
            default -> "a value of another kind";
        };
    }

    private static String path(JsonMappingException error) {
        return org.hmsabi.ParseProblem.path(error);
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

    private static String simplify(String message) {
        return org.hmsabi.ParseProblem.simplify(message);
    }
}
