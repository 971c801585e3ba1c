package org.hmsabi.guest;

import org.hmsabi.InfrastructureException;

/**
 * A guest that did not boot to its agent (panic, hang, QEMU error, an image that never ran), with
 * its console attached for reports and a {@link Kind} that says which.
 */
public final class GuestBootException extends InfrastructureException {
    /** How the boot failed. */
    public enum Kind {
        /** QEMU exited before the agent started: QEMU's own error (no such file, not a kernel), or a reset. */
        QEMU_EXITED,
        /** The kernel panicked or oopsed before the agent answered. */
        PANIC,
        /** The console stayed empty from QEMU's start to the silent-console limit: the kernel never ran. */
        SILENT_CONSOLE,
        /** The kernel's decompressor stopped ("-- System halted"): the image could not be unpacked. */
        UNPACK_FAILED,
        /** The agent did not say hello within the boot timeout. */
        NO_ANSWER,
        /** The boot failed and the kernel's cache entry was found damaged (and removed). */
        DAMAGED_CACHE;

        /** True when the kernel image itself is the likely cause (damaged, or no kernel QEMU can boot). */
        public boolean blamesTheImage() {
            return this == SILENT_CONSOLE || this == UNPACK_FAILED || this == DAMAGED_CACHE;
        }
    }

    private final Kind kind;
    private final String console;

    public GuestBootException(Kind kind, String message, String console) {
        super(message);
        this.kind = kind;
        this.console = console;
    }

    public Kind kind() {
        return kind;
    }

    /** The guest's console as captured (bounded). */
    public String console() {
        return console;
    }
}
