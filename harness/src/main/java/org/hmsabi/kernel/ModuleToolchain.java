package org.hmsabi.kernel;

/**
 * Where an out-of-tree module is built: with this machine's compiler when it has the one the
 * kernel was built with, else in the module builder container of the Debian suite that has it.
 */
public sealed interface ModuleToolchain {
    /** How the output names it: "this machine's x86_64-linux-gnu-gcc-12", "the trixie builder container (gcc-14)". */
    String describe();

    /** This machine's compiler, by the name Kbuild calls it. */
    record Host(String compiler) implements ModuleToolchain {
        @Override
        public String describe() {
            return compiler.isEmpty() ? "this machine's compiler" : "this machine's " + compiler;
        }
    }

    /** The module builder image of Debian {@code suite}, which has {@code gcc} (the package: {@code gcc-14}). */
    record BuilderContainer(String suite, String gcc) implements ModuleToolchain {
        @Override
        public String describe() {
            return "the " + suite + " builder container (" + gcc + ")";
        }
    }
}
