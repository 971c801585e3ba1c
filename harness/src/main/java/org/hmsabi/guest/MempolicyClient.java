package org.hmsabi.guest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hmsabi.InfrastructureException;
import org.hmsabi.spec.SyscallCase;

/**
 * Runs memory-policy cases in a booted guest: each case is one {@code mempolicy} request to the
 * agent, and all of them go out in one call: the session keeps the guest busy with a sliding window
 * of requests, so a guest answers thousands of calls without waiting for the host.
 */
public final class MempolicyClient {
    private final AgentSession session;

    public MempolicyClient(AgentSession session) {
        this.session = session;
    }

    /** The kernel release of the guest (for the contract's version ranges). */
    public String kernelRelease() {
        return session.kernelRelease();
    }

    /** Each case's outcome, in case order. */
    public List<MempolicyOutcome> run(List<SyscallCase> cases) {
        List<AgentRequest> requests = cases.stream()
                .map(c -> session.request("mempolicy", c.agentArgs().toArray(String[]::new))).toList();
        // Under TCG a case takes well under a millisecond; 20 ms each is room for a loaded host.
        Duration timeout = Duration.ofSeconds(30).plusMillis(20L * cases.size());
        List<MempolicyOutcome> outcomes = new ArrayList<>(cases.size());
        for (List<AgentReply> replies : session.call(requests, timeout)) {
            outcomes.add(replies.isEmpty() ? MempolicyOutcome.problem("no reply")
                    : MempolicyOutcome.of(replies.get(replies.size() - 1)));
        }
        return outcomes;
    }

    /**
     * Runs one bounded hugetlb race (LTP's move_pages12) in the guest; the agent replies when it
     * and its second process are done (the process reaped), a minute after the race's time at most.
     */
    public HugetlbRaceOutcome race(HugetlbRace race) {
        List<AgentReply> replies = session.call(session.request("hugetlb-race", race.agentArgs().toArray(String[]::new)),
                race.time().plusSeconds(60));
        if (replies.isEmpty()) {
            throw new InfrastructureException("the guest's agent sent no reply to a hugetlb-race request");
        }
        return HugetlbRaceOutcome.of(replies.get(replies.size() - 1));
    }

    /** Writes a sysctl or sysfs value through the agent; empty when it worked, else the errno. */
    public java.util.Optional<String> write(String path, String value) {
        return session.write(path, value, Duration.ofSeconds(30));
    }

    /** Reads a file through the agent; empty when it cannot be read. */
    public java.util.Optional<String> read(String path) {
        return session.read(path, Duration.ofSeconds(30));
    }
}
