package org.hmsabi.spec;

/** What the contract expects of a call: an exact return value, a count, or a failure with an errno. */
public sealed interface SyscallExpectation {

    /** True when the observed return value and errno (absent on success) meet the expectation. */
    boolean accepts(long result, String errno);

    record Returns(long value) implements SyscallExpectation {
        @Override
        public boolean accepts(long result, String errno) {
            return errno == null && result == value;
        }

        @Override
        public String toString() {
            return "returns " + value;
        }
    }

    record ReturnsCount() implements SyscallExpectation {
        @Override
        public boolean accepts(long result, String errno) {
            return errno == null && result >= 0;
        }

        @Override
        public String toString() {
            return "returns >= 0";
        }
    }

    record Fails(String errno) implements SyscallExpectation {
        @Override
        public boolean accepts(long result, String observed) {
            return result == -1 && errno.equals(observed);
        }

        @Override
        public String toString() {
            return "fails with " + errno;
        }
    }

    /** From the spec's text: an errno name, "0" (or another number), or ">=0". */
    static SyscallExpectation parse(String text) {
        String t = text.trim();
        if (t.equals(">=0")) {
            return new ReturnsCount();
        }
        if (t.matches("-?\\d+")) {
            return new Returns(Long.parseLong(t));
        }
        if (t.matches("E[A-Z0-9]+")) {
            return new Fails(t);
        }
        throw new IllegalArgumentException("not an expectation: '" + text + "' (an errno name, a number or >=0)");
    }
}
