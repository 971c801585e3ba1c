package org.hmsabi.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;

/**
 * Removes the files an earlier run wrote where a reader would mix them with this run's (Allure
 * merges every result it finds; a CI job reads every junit/*.xml). Only names we write.
 */
final class StaleResults {
    private StaleResults() {
    }

    static void remove(Path directory, Predicate<String> ours) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> ours.test(path.getFileName().toString())).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot clear " + directory + ": " + e.getMessage(), e);
        }
    }
}
