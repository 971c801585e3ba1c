package org.hmsabi;

/** The machinery failed, not the kernel's ABI: QEMU died, a download failed, a guest hung or panicked. Exit 3. */
public non-sealed class InfrastructureException extends HmsabiException {
    public static final int EXIT_CODE = 3;

    public InfrastructureException(String message) {
        super(message, null);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return EXIT_CODE;
    }
}
