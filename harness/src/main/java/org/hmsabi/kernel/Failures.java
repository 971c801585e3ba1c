package org.hmsabi.kernel;

import org.hmsabi.BadInputException;
import org.hmsabi.HmsabiException;
import org.hmsabi.InfrastructureException;

/** Adds which kernel was being worked on to a failure, keeping its exit code. */
final class Failures {
    private Failures() {}

    static HmsabiException about(String reference, HmsabiException failure) {
        String message = reference + ": " + failure.getMessage();
        if (failure instanceof BadInputException) {
            return new BadInputException(message, failure);
        }
        return new InfrastructureException(message, failure);
    }
}
