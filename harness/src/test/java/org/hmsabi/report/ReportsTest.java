package org.hmsabi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    @TempDir
    Path first;
    @TempDir
    Path second;

    @Test
    void writesEveryFormatIntoTheResultsDirectory() {
        List<Path> files = Reports.writeAll(Outcomes.failing(), first);

        assertThat(files).contains(first.resolve("summary.txt"), first.resolve("kcidb.json"),
                first.resolve("junit/abi-diff.xml"), first.resolve("allure-results/environment.properties"));
        assertThat(files).allSatisfy(file -> assertThat(file).isRegularFile());
        assertThat(files.stream().filter(file -> file.toString().endsWith("-result.json"))).hasSize(5);
    }

    @Test
    void theSameOutcomeWritesTheSameBytes() throws IOException {
        Reports.writeAll(Outcomes.failing(), first);
        Reports.writeAll(Outcomes.failing(), second);

        assertThat(contents(second)).isEqualTo(contents(first));
    }

    @Test
    void aSmallerRunLeavesNoStaleSuites() throws IOException {
        Reports.writeAll(Outcomes.failing(), first);
        Reports.writeAll(Outcomes.empty(), first);

        assertThat(contents(first).keySet()).filteredOn(name -> name.startsWith("junit/")).containsExactly("junit/abi-diff.xml");
        assertThat(contents(first).keySet()).filteredOn(name -> name.endsWith("-result.json")).isEmpty();
    }

    @Test
    void leavesNoTemporaryFiles() throws IOException {
        Reports.writeAll(Outcomes.failing(), first);

        assertThat(contents(first).keySet()).noneMatch(name -> name.endsWith(".partial"));
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(file).toString(), Files.readString(file));
            }
        }
        return out;
    }
}
