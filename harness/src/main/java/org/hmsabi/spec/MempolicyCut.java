package org.hmsabi.spec;

import java.util.Locale;

/**
 * Whether the call's range is the case's whole range, or leaves out its first or its last 4 KiB
 * base page (the agent's {@code cut=}, PROTOCOL.md): on a range of 2 MiB pages (hugetlb, THP) a
 * range that starts or ends inside a huge page, though on a base-page boundary.
 */
public enum MempolicyCut {
    NONE, FIRST, LAST;

    /** The agent's {@code cut=} value, also what spec/catalog.yaml's {@code cut} field takes. */
    public String agentText() {
        return name().toLowerCase(Locale.ROOT);
    }
}
