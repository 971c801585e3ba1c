package org.hmsabi.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.regex.JoniRegularExpressionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * kcidb.json against the published KCIDB I/O schema v5.3, with a JSON Schema validator
 * (networknt json-schema-validator, draft 7 as kcidb-io validates, formats asserted).
 * {@code src/test/resources/kcidb/kcidb-io.schema.v5.3.json} is the schema exactly as kcidb-io
 * exports it ({@code schema.LATEST.json}, kernelci/kcidb-io commit
 * 8971c0269a80307ec6270ff8c78ff3816fc639f6; how to export it again is in the README beside it).
 * The second half shows the schema rejects what v5.3 rejects and v4 allowed, so a writer that
 * slid back to v4 fails here.
 */
class KcidbSchemaTest {
    private static final Schema SCHEMA = load();

    private static Schema load() {
        try (InputStream in = KcidbSchemaTest.class.getResourceAsStream("/kcidb/kcidb-io.schema.v5.3.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // The schema's patterns are ECMA-262 (kcidb-io's own validator is Python's): "[^\\0]" is
            // "not NUL" there and an error for java.util.regex, so they are read as ECMA-262.
            SchemaRegistryConfig ecma = SchemaRegistryConfig.builder()
                    .regularExpressionFactory(JoniRegularExpressionFactory.getInstance()).build();
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, registry -> registry.schemaRegistryConfig(ecma))
                    .getSchema(text, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Error> errors(JsonNode document) {
        return SCHEMA.validate(document, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
    }

    static void assertValid(JsonNode document) {
        assertThat(errors(document)).as("KCIDB 5.3 schema errors").isEmpty();
    }

    @Test
    void everyOutcomeIsValid() {
        assertValid(KcidbWriter.render(Outcomes.failing()));
        assertValid(KcidbWriter.render(Outcomes.passing()));
        assertValid(KcidbWriter.render(Outcomes.empty()));
        assertValid(KcidbWriter.render(Outcomes.withConsole("a console with a NUL \0 and escapes \u001b[0m\n")));
        assertValid(KcidbWriter.withOrigin(KcidbWriter.render(Outcomes.failing()), "my_lab", "kcidb.json"));
    }

    @Test
    void theWriterKeepsNulOutOfEveryString() {
        String text = KcidbWriter.render(Outcomes.failing()).toString();
        assertThat(text).doesNotContain("\\u0000");
    }

    @Test
    void theSchemaRejectsWhatVersion5Rejects() {
        assertRejected(root -> root.putObject("version").put("major", 4).put("minor", 5), "version");
        assertRejected(root -> firstOf(root, "tests").put("waived", true), "waived");
        assertRejected(root -> firstOf(root, "builds").put("valid", true), "valid");
        assertRejected(root -> firstOf(root, "tests").put("path", ".hmsabi.abi-diff"), "path");
        assertRejected(root -> firstOf(root, "tests").put("path", "hmsabi..abi-diff"), "path");
        assertRejected(root -> firstOf(root, "tests").put("status", "WARN"), "status");
        assertRejected(root -> firstOf(root, "tests").put("start_time", "yesterday"), "start_time");
        assertRejected(root -> firstOf(root, "tests").put("origin", "Hmsabi"), "origin");
        assertRejected(root -> firstOf(root, "tests").put("id", "no-origin"), "id");
        assertRejected(root -> firstOf(root, "tests").put("comment", "a NUL \0 here"), "comment");
        assertRejected(root -> firstOf(root, "tests").put("log_excerpt", "x".repeat(16385)), "log_excerpt");
        assertRejected(root -> firstOf(root, "checkouts").put("contacts", "someone"), "contacts");
        assertRejected(root -> firstOf(root, "tests").remove("build_id"), "build_id");
    }

    private static void assertRejected(Consumer<ObjectNode> breakIt, String what) {
        ObjectNode root = KcidbWriter.render(Outcomes.failing());
        assertValid(root);
        breakIt.accept(root);
        assertThat(errors(root)).as("a document with a bad " + what).isNotEmpty()
                .anySatisfy(error -> assertThat(error.toString()).contains(what));
    }

    private static ObjectNode firstOf(ObjectNode root, String list) {
        return (ObjectNode) root.path(list).get(0);
    }
}
