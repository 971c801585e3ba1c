package org.hmsabi.spec;

/**
 * How a move_pages case's pages are faulted in before the call (the agent's {@code populate=}):
 * as the agent always did (written, each page present on the agent's node), not at all (no page
 * is present: the kernel reports the address has none), or only read (an anonymous page never
 * written maps the shared zero page, which move_pages does not move).
 */
public enum MempolicyPopulate {
    DEFAULT(""), UNTOUCHED("none"), ZERO_PAGE("read");

    private final String agentText;

    MempolicyPopulate(String agentText) {
        this.agentText = agentText;
    }

    public String agentText() {
        return agentText;
    }

    /** The name spec/catalog.yaml's {@code populate} field takes. */
    public String catalogName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
