package org.hmsabi.guest;

import java.util.Map;
import java.util.Optional;

/**
 * What the agent reported for one {@link HugetlbRace}. A reply that is not a clean report of a
 * finished race (the agent refused it, could not map a first range, its second process died or
 * was late, a field is malformed) has a {@code problem}; the counts it did send are kept for the
 * message.
 *
 * @param reply   the reply as parsed, with every count the agent sent
 * @param problem why this is not a finished race's report, or empty
 */
public record HugetlbRaceOutcome(AgentReply.HugetlbRace reply, Optional<String> problem) {

    static HugetlbRaceOutcome of(AgentReply reply) {
        if (!(reply instanceof AgentReply.HugetlbRace race)) {
            return new HugetlbRaceOutcome(new AgentReply.HugetlbRace(reply.header(), "", Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), false),
                    Optional.of("reply op '" + reply.op() + "' instead of hugetlb-race: " + reply.header().summary()));
        }
        Optional<String> problem = !race.wellFormed() ? Optional.of("malformed hugetlb-race reply: " + race.header().summary())
                : race.error().isPresent() ? Optional.of(race.error().get() + " " + race.message() + ": " + race.header().summary())
                : !race.counts().keySet().containsAll(java.util.List.of("moves", "rounds", "sigbus"))
                        ? Optional.of("hugetlb-race reply without its counts: " + race.header().summary())
                : Optional.empty();
        return new HugetlbRaceOutcome(race, problem);
    }

    /** A count the agent sent (0 when it sent none). */
    public long count(String name) {
        return reply.counts().getOrDefault(name, 0L);
    }

    /** move_pages' per-address statuses: a node id, or -errno, with how often each was seen. */
    public Map<Integer, Integer> status() {
        return reply.status();
    }

    /** Errno numbers of the move_pages calls that failed, with how often. */
    public Map<Integer, Integer> errnos() {
        return reply.errnos();
    }

    /** Errno numbers of the second process's mmap calls that failed, with how often. */
    public Map<Integer, Integer> mapErrnos() {
        return reply.mapErrnos();
    }

    /** MADV_SOFT_OFFLINE's outcomes (0, or the errno number), with how often. */
    public Map<Integer, Integer> offline() {
        return reply.offline();
    }

    /** Everything the agent sent, for messages. */
    public String summary() {
        return "counts " + reply.counts() + ", status " + status() + ", move_pages errnos " + errnos() + ", mmap errnos "
                + mapErrnos() + (offline().isEmpty() ? "" : ", soft offline " + offline());
    }
}
