package org.hmsabi.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressPaceTest {

    @Test
    void saysGuestsDoneTimeSpentAndTheRestAtThePaceSoFar() {
        assertThat(ParallelCaptures.pace(3, 12, Duration.ofSeconds(42))).isEqualTo("3 of 12, 0:42, about 2:06 left");
        assertThat(ParallelCaptures.pace(1, 2, Duration.ofMillis(61_900))).isEqualTo("1 of 2, 1:01, about 1:01 left");
    }

    @Test
    void theLastGuestHasNoEstimate() {
        assertThat(ParallelCaptures.pace(12, 12, Duration.ofSeconds(125))).isEqualTo("12 of 12, 2:05");
    }
}
