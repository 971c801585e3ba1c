package org.hmsabi.model;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.Messages;

/**
 * The canonical JSON form of snapshots: every object's keys sorted, two-space indentation,
 * '\n' line ends, a final newline. Equal snapshots are equal bytes. Writes are atomic (a
 * temporary file in the target directory, then a rename), so a reader never sees half a file.
 */
public final class SnapshotFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SnapshotFiles() {
    }

    public static String toCanonicalJson(Snapshot snapshot) {
        return canonical(JSON.valueToTree(snapshot));
    }

    /** Any JSON tree in canonical form. */
    public static String canonical(JsonNode tree) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(sorted(tree)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            names.forEach(name -> out.set(name, sorted(node.get(name))));
            return out;
        }
        if (node.isArray()) {
            var out = JSON.createArrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }

    /** Writes the snapshot atomically; an existing file is replaced only when {@code replace} is true. */
    public static void write(Snapshot snapshot, Path target, boolean replace) {
        if (!replace && Files.exists(target)) {
            throw new BadInputException(target + " exists; pass --force to replace it");
        }
        writeAtomically(target, toCanonicalJson(snapshot));
    }

    /** Writes text to a temporary file beside {@code target} and renames it into place. */
    public static void writeAtomically(Path target, String text) {
        Path absolute = target.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                LocalFiles.moveIntoPlace(temporary, absolute);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Reads a snapshot; a file that is not one of ours, or of another schema, is bad input naming the file. */
    public static Snapshot read(Path file) {
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            if (tree == null || !tree.isObject()) {
                throw new BadInputException(file + ": not a snapshot (expected a JSON object); re-create it with 'hmsabi snapshot'");
            }
            String schema = tree.path("schema").asText("");
            if (!Snapshot.SCHEMA.equals(schema)) {
                throw new BadInputException(file + ": snapshot schema '" + schema + "' is not '" + Snapshot.SCHEMA
                        + "'; re-create it with 'hmsabi snapshot'");
            }
            return JSON.treeToValue(tree, Snapshot.class);
        } catch (IOException e) {
            throw new BadInputException(file + ": corrupt snapshot (" + org.hmsabi.ParseProblem.of(e) + "); re-create it with 'hmsabi snapshot'", e);
        }
    }
}
