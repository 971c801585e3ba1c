package org.hmsabi.report;

import java.time.Duration;
import java.util.Optional;

/**
 * One test case as every test-oriented format (JUnit, KTAP, KCIDB, Allure) reports it: the
 * ABI diff of one topology, or one suite check on one kernel.
 *
 * @param suite     {@code abi-diff}, or the check's suite ({@code conformance}, {@code syscalls})
 * @param topology  the fixture it ran on
 * @param name      the case within its suite and topology: the topology itself for the diff, else the check
 * @param kernel    the kernel it judges (the candidate, for the diff)
 * @param status    its status
 * @param message   one line: why it failed, errored or was skipped
 * @param details   the full text a reader needs (the findings table, the reason), possibly empty
 * @param reproduce the command that reproduces it
 * @param duration  how long its guests took to boot, where known
 */
public record ReportCase(
        String suite,
        String topology,
        String name,
        String kernel,
        CaseStatus status,
        Optional<String> message,
        String details,
        String reproduce,
        Duration duration) {

    public static final String DIFF_SUITE = "abi-diff";

    public boolean isDiff() {
        return DIFF_SUITE.equals(suite);
    }

    /** Dotted path in the test tree, e.g. {@code hmsabi.abi-diff.two-socket-hbm} or {@code hmsabi.conformance.hbm.node_distance}. */
    public String path() {
        String base = "hmsabi." + Names.pathSegment(suite) + "." + Names.pathSegment(topology);
        return isDiff() ? base : base + "." + Names.pathSegment(name);
    }
}
