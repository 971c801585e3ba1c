package org.hmsabi;

/**
 * A failure that reaches the user as one line and a distinct exit code (docs/cli.md, "Exit codes":
 * 2 usage or bad input, 3 infrastructure). The message must name the file, kernel or guest and
 * say what to do; no stack trace is shown for these.
 */
public abstract sealed class HmsabiException extends RuntimeException
        permits BadInputException, InfrastructureException {

    protected HmsabiException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit code this failure maps to. */
    public abstract int exitCode();
}
