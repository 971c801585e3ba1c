package org.hmsabi.suites;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** The attachments a run wrote into {@code allure-results/}: found by name in the result files. */
final class AllureAttachments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AllureAttachments() {
    }

    /** The content of the first attachment named {@code name} of any result under {@code resultsDir}, if one was written. */
    static Optional<String> named(Path resultsDir, String name) throws IOException {
        Path directory = resultsDir.resolve("allure-results");
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-result.json")).sorted().toList()) {
                for (JsonNode attachment : JSON.readTree(file.toFile()).path("attachments")) {
                    if (attachment.path("name").asText().equals(name)) {
                        return Optional.of(Files.readString(directory.resolve(attachment.path("source").asText())));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
