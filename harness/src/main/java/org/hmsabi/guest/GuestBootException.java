package org.hmsabi.guest;

import org.hmsabi.InfrastructureException;

/** A guest that did not boot to its agent (panic, hang, QEMU error), with its console attached for reports. */
public final class GuestBootException extends InfrastructureException {
    private final String console;

    public GuestBootException(String message, String console) {
        super(message);
        this.console = console;
    }

    /** The guest's console as captured (bounded). */
    public String console() {
        return console;
    }
}
