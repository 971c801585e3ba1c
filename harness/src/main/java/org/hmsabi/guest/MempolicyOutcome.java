package org.hmsabi.guest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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
 */
public record MempolicyOutcome(long result, Optional<String> errno, List<Integer> pages, Optional<Integer> policy,
                               List<Integer> nodes, List<Integer> status, Optional<String> problem) {

    /** No page list may be longer than the agent's own bound; no mask holds more ids than its buffer. */
    static final int MAX_PAGES = 4096;
    static final int MAX_MASK_IDS = 65536;

    public MempolicyOutcome {
        pages = List.copyOf(pages);
        nodes = List.copyOf(nodes);
        status = List.copyOf(status);
    }

    public boolean isClean() {
        return problem.isEmpty();
    }

    static MempolicyOutcome problem(String what) {
        return new MempolicyOutcome(-1, Optional.empty(), List.of(), Optional.empty(), List.of(), List.of(), Optional.of(what));
    }

    /** Parses the final reply to a mempolicy request, trusting nothing about its shape. */
    static MempolicyOutcome of(AgentReply reply) {
        if (!reply.op().equals("mempolicy")) {
            return problem("reply op '" + reply.op() + "' instead of mempolicy: " + bounded(reply));
        }
        if (reply.number("preludeErrno").isPresent()) {
            return problem("the case's prelude policy failed with errno " + reply.number("preludeErrno").get());
        }
        JsonNode result = reply.json().get("result");
        if (result == null || !result.isIntegralNumber() || !result.canConvertToLong()) {
            return problem("no call was made: " + reply.text("message").orElse("") + " " + reply.error().orElse("")
                    + " " + reply.text("arg").orElse("") + " " + bounded(reply));
        }
        Optional<List<Integer>> pages = ints(reply.json().get("pages"), MAX_PAGES);
        Optional<List<Integer>> nodes = ints(reply.json().get("nodes"), MAX_MASK_IDS);
        Optional<List<Integer>> status = ints(reply.json().get("status"), MAX_PAGES);
        JsonNode policy = reply.json().get("policy");
        boolean policyOk = policy == null || policy.isInt();
        if (pages.isEmpty() || nodes.isEmpty() || status.isEmpty() || !policyOk) {
            return problem("malformed mempolicy reply: " + bounded(reply));
        }
        Optional<String> errno = reply.error();
        if ((result.longValue() == -1) != errno.isPresent()) {
            return problem("result and errno disagree: " + bounded(reply));
        }
        return new MempolicyOutcome(result.longValue(), errno, pages.get(),
                policy == null ? Optional.empty() : Optional.of(policy.intValue()), nodes.get(), status.get(), Optional.empty());
    }

    /** An absent field is an empty list; anything but an array of ints within the bound is malformed. */
    private static Optional<List<Integer>> ints(JsonNode node, int bound) {
        if (node == null) {
            return Optional.of(List.of());
        }
        if (!node.isArray() || node.size() > bound) {
            return Optional.empty();
        }
        List<Integer> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isInt()) {
                return Optional.empty();
            }
            values.add(element.intValue());
        }
        return Optional.of(values);
    }

    private static String bounded(AgentReply reply) {
        String text = reply.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
