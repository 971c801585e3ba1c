package org.hmsabi.suites;

import org.hmsabi.guest.GuestBootException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A test that fails because a guest did not boot prints the end of that guest's console (bounded)
 * to stderr, which Surefire keeps with the test's result: the exception's one-line message names
 * the panic, the console shows what led to it. Registered for every suite test through
 * {@code META-INF/services} and {@code junit.jupiter.extensions.autodetection.enabled}.
 */
public final class BootConsoleOnFailure implements TestExecutionExceptionHandler {
    static final int LINES = 120;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof GuestBootException boot && !boot.console().isBlank()) {
                System.err.println("---- " + context.getDisplayName() + ": the last " + LINES + " console lines of the guest that failed ----");
                System.err.println(tail(boot.console()));
                System.err.println("---- end of console ----");
                break;
            }
        }
        throw thrown;
    }

    static String tail(String console) {
        java.util.List<String> lines = console.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
    }
}
