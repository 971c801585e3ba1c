package org.hmsabi.spec;

/**
 * The process a migrate_pages or move_pages case targets (the agent's {@code pid=} and
 * {@code child=}, PROTOCOL.md): the agent itself, a pid no process can have, the pid of a child
 * that has exited and been reaped, or a forked child kept waiting during the call, with pages of
 * its own (it writes the range after inheriting the agent's policies) or with the agent's pages
 * still shared (it only reads them: each page is mapped twice).
 */
public enum MempolicyProcess {
    SELF("self"), NONE("none"), GONE("gone"), CHILD("child"), CHILD_SHARED("child-shared");

    private final String catalogName;

    MempolicyProcess(String catalogName) {
        this.catalogName = catalogName;
    }

    /** The name spec/catalog.yaml's {@code pid} field takes. */
    public String catalogName() {
        return catalogName;
    }

    /** The agent's {@code pid=} value. */
    public String agentText() {
        return switch (this) {
            case SELF -> "0";
            case NONE -> "none";
            case GONE -> "gone";
            case CHILD, CHILD_SHARED -> "child";
        };
    }

    /** Whether the agent forks a process with a copy of its memory for it: a second process whose pages are used. */
    public boolean forksAProcess() {
        return this == CHILD || this == CHILD_SHARED;
    }

    /** The class spec/syscalls.yaml's {@code pid} condition names: self, none, gone or child. */
    public String contractClass() {
        return this == CHILD_SHARED ? "child" : catalogName;
    }
}
