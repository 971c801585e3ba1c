package org.hmsabi;

/**
 * A named condition, not a crash: a kernel (or a package it needs, such as its headers) cannot
 * be had, because the archive no longer offers the pinned version and no verified copy is cached.
 * The archive moves every few weeks, so this happens to every pin in time. Exit 4; the gate and
 * bisect treat the kernel as untestable, tests that need it are skipped with this message, and
 * {@code hmsabi kernels pin} re-pins deliberately.
 */
public final class KernelUnavailableException extends InfrastructureException {
    public static final int EXIT_CODE = 4;

    private final String reference;

    public KernelUnavailableException(String reference, String message) {
        super(message);
        this.reference = reference;
    }

    /** The kernel reference (or package) that is unavailable. */
    public String reference() {
        return reference;
    }

    @Override
    public int exitCode() {
        return EXIT_CODE;
    }
}
