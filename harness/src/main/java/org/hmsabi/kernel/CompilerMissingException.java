package org.hmsabi.kernel;

import org.hmsabi.InfrastructureException;

/**
 * Out-of-tree modules for a kernel build only with the compiler the kernel was built with, and
 * this machine does not have it (Debian's trixie and later kernels, 6.16 on, are built with
 * gcc-14; a bookworm machine has gcc-12). A named condition of the machine, not a fault of the
 * module's sources: exit 3 with one line naming the kernel, the compiler and where to get it.
 */
public final class CompilerMissingException extends InfrastructureException {
    public CompilerMissingException(String message) {
        super(message);
    }
}
