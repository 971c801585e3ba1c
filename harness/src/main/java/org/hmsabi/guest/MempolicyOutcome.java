package org.hmsabi.guest;

import java.util.List;
import java.util.Optional;

/**
 * What the agent reported for one {@code mempolicy} request. A reply that is not a clean report
 * of a call (the agent refused the request, the prelude failed, a field is malformed) has a
 * {@code problem} and must not be judged against the contract.
 *
 * @param result   the raw return value (-1 on failure)
 * @param errno    the symbolic errno when the call failed
 * @param pages    the node of each page of the case's range (-errno for a page without one), or empty
 * @param policy   get_mempolicy's returned mode (or node, with MPOL_F_NODE)
 * @param nodes    get_mempolicy's returned node mask
 * @param status   move_pages' per-page status
 * @param thpKb    a THP range's AnonHugePages in kB before and after the call (from the guest's
 *                 /proc/self/smaps), or empty: whether the range really was THP, and still is
 * @param ksm      a KSM range's merge (backing ksm): its KSM pages before and after the call and how
 *                 the wait for ksmd ended, or empty
 */
public record MempolicyOutcome(long result, Optional<String> errno, List<Integer> pages, Optional<Integer> policy,
                               List<Integer> nodes, List<Integer> status, Optional<String> problem, List<Integer> thpKb,
                               Optional<KsmMerge> ksm) {

    public MempolicyOutcome {
        pages = List.copyOf(pages);
        nodes = List.copyOf(nodes);
        status = List.copyOf(status);
        thpKb = List.copyOf(thpKb);
    }

    public MempolicyOutcome(long result, Optional<String> errno, List<Integer> pages, Optional<Integer> policy,
                            List<Integer> nodes, List<Integer> status, Optional<String> problem) {
        this(result, errno, pages, policy, nodes, status, problem, List.of(), Optional.empty());
    }

    public boolean isClean() {
        return problem.isEmpty();
    }

    static MempolicyOutcome problem(String what) {
        return new MempolicyOutcome(-1, Optional.empty(), List.of(), Optional.empty(), List.of(), List.of(), Optional.of(what));
    }

    /** Judges the final reply to a mempolicy request, trusting nothing about its shape. */
    static MempolicyOutcome of(AgentReply reply) {
        if (!(reply instanceof AgentReply.Mempolicy call)) {
            return problem("reply op '" + reply.op() + "' instead of mempolicy: " + reply.header().summary());
        }
        if (call.preludeErrno().isPresent()) {
            return problem("the case's prelude policy failed with errno " + call.preludeErrno().get());
        }
        if (call.result().isEmpty()) {
            return problem("no call was made: " + call.message() + " " + call.error().orElse("")
                    + " " + call.arg() + " " + call.header().summary());
        }
        if (!call.wellFormed()) {
            return problem("malformed mempolicy reply: " + call.header().summary());
        }
        long result = call.result().get();
        Optional<String> errno = call.error();
        if ((result == -1) != errno.isPresent()) {
            return problem("result and errno disagree: " + call.header().summary());
        }
        return new MempolicyOutcome(result, errno, call.pages(), call.policy(), call.nodes(), call.status(), Optional.empty(), call.thpKb(),
                call.ksm());
    }
}
