package org.hmsabi.driver;

/**
 * One way the guest differs from what the expect file promises.
 *
 * @param attribute what was checked, e.g. {@code node2 access0 read_latency}
 * @param expected  the promise, as a person reads it
 * @param actual    what the guest shows
 */
public record Deviation(String attribute, String expected, String actual) {

    /** {@code node2 access0 read_latency: expected 250 ns, got 300 ns}. */
    public String message() {
        return attribute + ": expected " + expected + ", got " + actual;
    }
}
