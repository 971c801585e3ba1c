package org.hmsabi.kernel;

import org.hmsabi.BadInputException;
import org.hmsabi.HmsabiException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.KernelUnavailableException;

/** Adds which kernel was being worked on to a failure, keeping its exit code. */
final class Failures {
    private Failures() {}

    static HmsabiException about(String reference, HmsabiException failure) {
        String message = reference + ": " + failure.getMessage();
        if (failure instanceof KernelUnavailableException unavailable) {
            return unavailable.getMessage().startsWith(reference + ":") ? unavailable
                    : new KernelUnavailableException(reference, message);
        }
        if (failure instanceof BadInputException) {
            return new BadInputException(message, failure);
        }
        return new InfrastructureException(message, failure);
    }
}
