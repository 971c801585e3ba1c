package org.hmsabi;

/** Usage errors and bad input: a malformed fixture, an unknown kernel reference, a corrupt file. Exit 2. */
public final class BadInputException extends HmsabiException {
    public static final int EXIT_CODE = 2;

    public BadInputException(String message) {
        super(message, null);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return EXIT_CODE;
    }
}
