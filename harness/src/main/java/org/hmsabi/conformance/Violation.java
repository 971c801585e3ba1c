package org.hmsabi.conformance;

/**
 * One way a tree does not conform to the spec.
 *
 * @param path     the attribute (or, for invariants, the attribute that shows the break)
 * @param rule     which check failed
 * @param kernel   the kernel release the tree came from
 * @param topology the topology name (a fixture, or the directory a tree was read from)
 * @param detail   what was found, in words
 */
public record Violation(String path, ViolationRule rule, String kernel, String topology, String detail) {

    /** {@code /sys/.../distance: grammar: 'x' is not ... (kernel 6.12.117+deb12-amd64, topology two-socket)}. */
    public String message() {
        return path + ": " + rule.label() + ": " + detail + " (kernel " + kernel + ", topology " + topology + ")";
    }

    @Override
    public String toString() {
        return message();
    }
}
