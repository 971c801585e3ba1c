package org.hmsabi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A broken YAML or JSON file is described by line and key in the file's terms, never by Java classes. */
class ParseProblemTest {
    record Entry(String name, int weight) {}

    record Document(List<Entry> entries) {}

    private static String problemOf(String yaml) {
        try {
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(yaml, Document.class);
            throw new AssertionError("parsed: " + yaml);
        } catch (IOException e) {
            return ParseProblem.of(e);
        }
    }

    @Test
    void eachKindOfMistakeIsNamedByLineAndKey() {
        assertThat(problemOf("entries:\n  - name: a\n    weigth: 1\n")).matches("near line [34]: unknown key 'weigth'; the keys here are: name, weight");
        assertThat(problemOf("entries:\n  - name: a\n    weight: heavy\n")).isEqualTo("near line 3: the value at 'entries[0].weight' is of the wrong kind");
        assertThat(problemOf("entries: {a: 1}\n")).isEqualTo("near line 1: the value at 'entries' is of the wrong kind");
        assertThat(problemOf("entries: [\n")).startsWith("near line ");
        for (String yaml : List.of("entries:\n  - name: a\n    weigth: 1\n", "entries:\n  - name: a\n    weight: heavy\n", "entries: {a: 1}\n")) {
            assertThat(problemOf(yaml)).doesNotContain("org.hmsabi", "java.", "ParseProblemTest", "Entry`", "`");
        }
    }

    @Test
    void anotherInputOutputErrorKeepsItsFirstLine() {
        assertThat(ParseProblem.of(new IOException("Permission denied\nmore"))).isEqualTo("Permission denied");
    }
}
