package org.hmsabi.topology;

import org.hmsabi.BadInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one fixture, in the order the checks run (which is fixed, so the
 * first problem reported for a file is always the same). Each is one line that names the node
 * or entry and says how to fix it.
 */
final class Problems {

    private final List<String> messages = new ArrayList<>();

    void add(String message) {
        messages.add(message);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    List<String> list() {
        return List.copyOf(messages);
    }

    /**
     * Throws the first problem as one line prefixed with the file, mentioning how many more
     * there are so that fixing one does not come as a surprise.
     */
    void throwIfAny(String source) {
        if (messages.isEmpty()) {
            return;
        }
        String more = messages.size() == 1 ? ""
                : " (and " + (messages.size() - 1) + " more problem" + (messages.size() == 2 ? "" : "s") + ")";
        throw new BadInputException(source + ": " + messages.get(0) + more);
    }
}
