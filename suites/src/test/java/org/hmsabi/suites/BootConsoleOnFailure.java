package org.hmsabi.suites;

import org.hmsabi.guest.GuestBootException;
import org.hmsabi.report.ConsoleTail;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A test that fails because a guest did not boot prints the end of that guest's console to stderr,
 * bounded as the JUnit report bounds it ({@link ConsoleTail#INLINE_CHARS}); Surefire keeps it with
 * the test's result. The exception's one-line message names the panic, the console shows what led
 * to it. Registered for every suite test through
 * {@code META-INF/services} and {@code junit.jupiter.extensions.autodetection.enabled}.
 */
public final class BootConsoleOnFailure implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof GuestBootException boot && !boot.console().isBlank()) {
                System.err.println("---- " + context.getDisplayName() + ": the end of the console of the guest that failed ----");
                System.err.println(ConsoleTail.of(boot.console(), ConsoleTail.INLINE_CHARS));
                System.err.println("---- end of console ----");
                break;
            }
        }
        throw thrown;
    }
}
