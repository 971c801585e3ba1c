package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedStatesTest {
    @TempDir
    Path cache;

    @Test
    void aRestoredStateOutlivesNewerOnesNoOneRestores() throws IOException {
        Path directory = Files.createDirectories(SavedStates.directoryUnder(cache));
        Instant longAgo = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i <= SavedStates.KEEP; i++) { // one more than is kept, state-0 the oldest
            Path state = Files.writeString(directory.resolve("state-" + i + ".state"), "state " + i);
            Files.setLastModifiedTime(state, FileTime.from(longAgo.plusSeconds(i)));
        }
        SavedStates states = new SavedStates(cache);

        states.touch(directory.resolve("state-0.state")); // restored just now
        states.prune();

        assertThat(directory.resolve("state-0.state")).exists();
        assertThat(directory.resolve("state-1.state")).as("the least recently used").doesNotExist();
        try (var left = Files.list(directory)) {
            assertThat(left.count()).isEqualTo(SavedStates.KEEP);
        }
    }
}
