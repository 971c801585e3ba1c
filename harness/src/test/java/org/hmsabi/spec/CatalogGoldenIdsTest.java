package org.hmsabi.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hmsabi.topology.ShippedFixtures;
import org.hmsabi.topology.TopologyLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * spec/catalog.yaml expands, on every shipped fixture, to the cases its newest golden files hold:
 * the same ids in the same order, each with the same call and arguments. The golden files were
 * recorded from the catalog's earlier Java generation, so this holds the data to that list.
 */
class CatalogGoldenIdsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(ShippedFixtures.directory())) {
            List<String> names = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length())).sorted().toList();
            assertThat(names).containsAll(ShippedFixtures.NAMES);
            // Every fixture has golden files; those the host's QEMU cannot boot (generic initiators, CXL)
            // are recorded through the container runner's trixie image (history --update-golden --runner auto).
            List<String> unrecorded = names.stream()
                    .filter(name -> !Files.isDirectory(ShippedFixtures.directory().resolveSibling("golden").resolve(name))).toList();
            assertThat(unrecorded).as("fixtures without golden files (record them: ./hmsabi history --update-golden --runner auto --topology NAME,"
                    + " docs/contributing.md)")
                    .isEmpty();
            return names;
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void theNewestGoldenFilesRecordTheCatalogsCases(String fixture) throws IOException {
        SyscallFacts facts = SyscallFacts.of(TopologyLoader.load(fixture, ShippedFixtures.directory()));
        List<SyscallCatalog.Entry> catalog = SyscallCatalog.forMachine(facts);
        List<Path> golden = newestGoldenFiles(fixture);
        assertThat(golden).as("golden files of %s", fixture).isNotEmpty();
        for (Path file : golden) {
            JsonNode records = JSON.readTree(file.toFile()).path("syscalls");
            List<String> ids = new ArrayList<>();
            records.forEach(record -> ids.add(record.path("id").asText()));
            assertThat(catalog).extracting(SyscallCatalog.Entry::id).as("ids of %s", file.getFileName()).containsExactlyElementsOf(ids);
            for (int i = 0; i < ids.size(); i++) {
                JsonNode record = records.get(i);
                SyscallCase c = catalog.get(i).call();
                Map<String, String> args = new TreeMap<>();
                record.path("args").fields().forEachRemaining(arg -> args.put(arg.getKey(), arg.getValue().asText()));
                assertThat(c.call().kernelName()).as("call of %s in %s", ids.get(i), file.getFileName()).isEqualTo(record.path("call").asText());
                assertThat(c.describe()).as("args of %s in %s", ids.get(i), file.getFileName()).isEqualTo(args);
                if (!record.path("placement").isEmpty()) {
                    assertThat(catalog.get(i).placementIsDeterministic()).as("%s has a placement in %s", ids.get(i), file.getFileName()).isTrue();
                }
            }
        }
    }

    /**
     * A deterministic case records its placement on some kernel (a THP case as its {@code thp}); the
     * others never do (SyscallCapture).
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void placementIsRecordedForTheDeterministicCases(String fixture) throws IOException {
        SyscallFacts facts = SyscallFacts.of(TopologyLoader.load(fixture, ShippedFixtures.directory()));
        java.util.Set<String> placed = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(ShippedFixtures.directory().resolveSibling("golden").resolve(fixture))) {
            for (Path file : files.filter(f -> !f.getFileName().toString().contains(".hotplug.")
                    && !f.getFileName().toString().contains(".after-region.")).toList()) {
                JSON.readTree(file.toFile()).path("syscalls").forEach(record -> {
                    if (!record.path("placement").isEmpty() || record.has("thp")) {
                        placed.add(record.path("id").asText());
                    }
                });
            }
        }
        List<String> deterministic = SyscallCatalog.forMachine(facts).stream().filter(SyscallCatalog.Entry::placementIsDeterministic)
                .map(SyscallCatalog.Entry::id).sorted().toList();
        assertThat(placed).containsExactlyElementsOf(deterministic);
    }

    /** The newest kernel's golden file, its hot-plug states and its CXL region state (recorded with the same catalog). */
    private static List<Path> newestGoldenFiles(String fixture) throws IOException {
        Path dir = ShippedFixtures.directory().resolveSibling("golden").resolve(fixture);
        List<String> kernels;
        try (Stream<Path> files = Files.list(dir)) {
            kernels = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !name.contains(".hotplug.") && !name.contains(".after-region."))
                    .map(name -> name.substring(0, name.length() - ".json".length())).toList();
        }
        String newest = kernels.stream().max(Comparator.comparing(CatalogGoldenIdsTest::versionKey)).orElseThrow();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.equals(newest + ".json") || name.startsWith(newest + ".hotplug.") || name.startsWith(newest + ".after-region.");
            }).sorted().toList();
        }
    }

    /** 7.3.4+deb13 -> 0007.0003.0004: the numbers before the first '+' or '-', padded to sort as text. */
    private static String versionKey(String kernel) {
        StringBuilder key = new StringBuilder();
        for (String part : kernel.split("[+-]", 2)[0].split("\\.")) {
            key.append(String.format("%06d.", Integer.parseInt(part)));
        }
        return key.toString();
    }
}
