package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replies to hugetlb-race requests are parsed defensively: anything odd is a problem, never a verdict. */
class HugetlbRaceOutcomeTest {
    private static HugetlbRaceOutcome parse(String json) throws Exception {
        return HugetlbRaceOutcome.of(AgentReply.of(new ObjectMapper().readTree(json)));
    }

    @Test
    void aFinishedRaceIsItsCounts() throws Exception {
        HugetlbRaceOutcome race = parse("{\"id\":4,\"op\":\"hugetlb-race\",\"ms\":3001,\"moves\":120,\"notMoved\":0,"
                + "\"statusValues\":[-16,-14,0,1],\"statusCounts\":[60,7,60000,62000],\"statusOther\":0,\"statusUnset\":12,"
                + "\"errnoValues\":[12],\"errnoCounts\":[1],\"rounds\":80,\"sigbus\":0,\"mapErrnoValues\":[],\"mapErrnoCounts\":[],\"end\":true}");
        assertThat(race.problem()).isEmpty();
        assertThat(race.count("moves")).isEqualTo(120);
        assertThat(race.count("rounds")).isEqualTo(80);
        assertThat(race.count("signal")).isZero();
        assertThat(race.status()).containsExactly(Map.entry(-16, 60), Map.entry(-14, 7), Map.entry(0, 60000), Map.entry(1, 62000));
        assertThat(race.errnos()).containsExactly(Map.entry(12, 1));
        assertThat(race.mapErrnos()).isEmpty();
        assertThat(race.offline()).isEmpty();
        assertThat(race.summary()).contains("moves=120", "-16=60");
    }

    @Test
    void aRaceThatDidNotRunOrFinishIsAProblem() throws Exception {
        assertThat(parse("{\"id\":4,\"op\":\"hugetlb-race\",\"errno\":12,\"error\":\"ENOMEM\",\"message\":\"no huge page available\",\"end\":true}")
                .problem()).hasValueSatisfying(p -> assertThat(p).startsWith("ENOMEM no huge page available"));
        assertThat(parse("{\"id\":4,\"op\":\"hugetlb-race\",\"errno\":110,\"error\":\"ETIMEDOUT\",\"message\":\"agent's second process did not finish\","
                + "\"signal\":9,\"ms\":10,\"moves\":3,\"end\":true}").problem()).isPresent();
        assertThat(parse("{\"id\":4,\"op\":\"hugetlb-race\",\"ms\":10,\"moves\":3,\"end\":true}").problem())
                .as("no rounds, no sigbus count").hasValueSatisfying(p -> assertThat(p).contains("without its counts"));
        assertThat(parse("{\"id\":4,\"op\":\"mempolicy\",\"result\":0,\"end\":true}").problem()).isPresent();
    }

    @Test
    void countTablesOfTheWrongShapeAreMalformed() throws Exception {
        String counts = "\"moves\":1,\"rounds\":1,\"sigbus\":0,";
        for (String table : new String[] {"\"statusValues\":[0,1],\"statusCounts\":[5]", "\"statusValues\":[0,0],\"statusCounts\":[1,1]",
                "\"statusValues\":[0],\"statusCounts\":[-1]", "\"statusValues\":[\"0\"],\"statusCounts\":[1]",
                "\"offlineValues\":[" + "0,".repeat(AgentReply.HugetlbRace.MAX_TALLY) + "0],\"offlineCounts\":[1]"}) {
            assertThat(parse("{\"id\":4,\"op\":\"hugetlb-race\"," + counts + table + ",\"end\":true}").problem()).as(table)
                    .hasValueSatisfying(p -> assertThat(p).startsWith("malformed"));
        }
        // A count below zero is no count either.
        assertThat(parse("{\"id\":4,\"op\":\"hugetlb-race\",\"moves\":-1,\"rounds\":1,\"sigbus\":0,"
                + "\"statusValues\":[0],\"statusCounts\":[1],\"end\":true}").problem())
                .hasValueSatisfying(p -> assertThat(p).startsWith("malformed"));
    }

    @Test
    void theRequestStaysWithinTheAgentsBounds() {
        assertThat(new HugetlbRace(0, 1, Duration.ofSeconds(3), 2, false).agentArgs()).containsExactly("nodes=0,1", "ms=3000", "pages=2");
        assertThat(new HugetlbRace(0, 1, Duration.ofMillis(500), 1, true).agentArgs()).contains("offline=1");
        assertThatThrownBy(() -> new HugetlbRace(0, 1, Duration.ofSeconds(11), 2, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HugetlbRace(0, 1, Duration.ofSeconds(1), 9, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HugetlbRace(-1, 1, Duration.ofSeconds(1), 2, false)).isInstanceOf(IllegalArgumentException.class);
        // What is checked is what is sent: half a millisecond would go out as ms=0, which the agent refuses.
        assertThatThrownBy(() -> new HugetlbRace(0, 1, Duration.ofNanos(500_000), 2, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HugetlbRace(0, HugetlbRace.NODE_LIMIT, Duration.ofSeconds(1), 2, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
