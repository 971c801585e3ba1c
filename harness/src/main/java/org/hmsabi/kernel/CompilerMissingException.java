package org.hmsabi.kernel;

import org.hmsabi.InfrastructureException;

/**
 * Out-of-tree modules for a kernel build only with the compiler the kernel was built with, and
 * neither this machine nor a module builder container can provide it: no builder image has that
 * gcc (vm-images/container/kbuild-packages names none), or the one that has it cannot run here
 * (no Docker engine). A named condition of the machine, not a fault of the module's sources:
 * exit 3 with one line naming the kernel, the compiler and what would make it work.
 */
public final class CompilerMissingException extends InfrastructureException {
    public CompilerMissingException(String message) {
        super(message);
    }
}
