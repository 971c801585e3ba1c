package org.hmsabi.gate;

import org.hmsabi.check.CheckResult;
import java.util.List;
import java.util.Optional;
import org.hmsabi.diff.Finding;

/**
 * One topology of a gate run: both guests, the diff of their snapshots, the suite checks.
 *
 * @param topology    the fixture name
 * @param status      whether the two snapshots could be compared
 * @param problem     why not, when status is not COMPARED (one line)
 * @param guests      the baseline guest, then the candidate guest
 * @param findings    the classified differences (empty when not compared)
 * @param checks      suite checks run on these guests (conformance, syscalls), if any
 * @param topologySvg a picture of the topology for the report, if one was drawn
 * @param reproduce   the command that reproduces this topology's result
 * @param cxlSvg      a picture of the CXL topology (host bridge to NUMA node), for a run whose guest built a CXL region
 */
public record TopologyRun(
        String topology,
        Status status,
        Optional<String> problem,
        List<GuestRecord> guests,
        List<Finding> findings,
        List<CheckResult> checks,
        Optional<String> topologySvg,
        String reproduce,
        Optional<String> cxlSvg) {

    public TopologyRun {
        guests = List.copyOf(guests);
        findings = List.copyOf(findings);
        checks = List.copyOf(checks);
    }

    /** A run without a CXL picture. */
    public TopologyRun(String topology, Status status, Optional<String> problem, List<GuestRecord> guests, List<Finding> findings,
                       List<CheckResult> checks, Optional<String> topologySvg, String reproduce) {
        this(topology, status, problem, guests, findings, checks, topologySvg, reproduce, Optional.empty());
    }

    /**
     * COMPARED: both snapshots were there to diff; NOT_BOOTED: a guest could not be booted or
     * captured (the gate's exit 3); SKIPPED: left out for a reason the run reports; NOT_JUDGED: the
     * runner's QEMU cannot emulate the fixture's machine, so nothing was booted and nothing is
     * judged (the problem names the feature, the QEMU release and the option that has it); it
     * neither passes nor fails the verdict.
     */
    public enum Status { COMPARED, NOT_BOOTED, SKIPPED, NOT_JUDGED }

    /** A run that could not boot its guest: {@code kernel: the error's first line}. */
    static TopologyRun notBooted(String name, String kernel, org.hmsabi.HmsabiException e, String reproduce) {
        return new TopologyRun(name, Status.NOT_BOOTED, Optional.of(kernel + ": " + org.hmsabi.Messages.firstLine(e.getMessage())),
                List.of(), List.of(), List.of(), Optional.empty(), reproduce);
    }

    /**
     * The fixture a run is of, by its name: the gate names a hot-plug run {@code <fixture>.hotplug-<device>}
     * and a CXL fixture's region run {@code <fixture>.after-region}; fixture names have no dot.
     */
    public static String fixtureOf(String runName) {
        int dot = runName.indexOf('.');
        return dot > 0 ? runName.substring(0, dot) : runName;
    }
}
