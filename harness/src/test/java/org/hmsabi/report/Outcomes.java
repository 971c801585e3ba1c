package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.GuestRecord;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.check.CheckResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hmsabi.diff.Finding;
import org.hmsabi.spec.Stability;

/** Hand-made gate outcomes: what each writer must handle. */
final class Outcomes {
    static final String BASE = "debian:6.1.0-56";
    static final String CAND = "debian:6.12.115+deb12";
    static final Instant STARTED = Instant.parse("2025-03-01T10:00:00Z");

    private Outcomes() {
    }

    static GateOutcome passing() {
        return outcome(List.of(compared("two-socket-hbm", List.of(testingTierChange(Finding.Severity.WARNING), added()),
                List.of(check("conformance", "node_has_memory", CAND, CheckResult.Status.PASSED, null)))));
    }

    /** Stable break, testing warning, ADDED info, a waived finding, a failed and a skipped check, a topology that did not boot. */
    static GateOutcome failing() {
        Finding removed = new Finding(Finding.Kind.REMOVED, Finding.Severity.FAILURE, Stability.STABLE,
                "node 1 access0 read_latency", List.of("/sys/devices/system/node/node1/access0/initiators/read_latency"),
                Optional.of("10"), Optional.empty(), Optional.empty());
        Finding waived = new Finding(Finding.Kind.FORMAT_CHANGED, Finding.Severity.INFO, Stability.STABLE,
                "node 0 meminfo", List.of("/sys/devices/system/node/node0/meminfo"),
                Optional.of("Node 0 MemTotal: 524288 kB"), Optional.of("Node 0 MemTotal:  524288 kB"),
                Optional.of("meminfo column widths, https://example.invalid/waiver/1"));
        TopologyRun hbm = compared("two-socket-hbm", List.of(removed, testingTierChange(Finding.Severity.WARNING), added(), waived),
                List.of(check("conformance", "node_has_memory", CAND, CheckResult.Status.PASSED, null),
                        check("conformance", "distance_symmetric", CAND, CheckResult.Status.FAILED, "node 0 -> 1 is 21, node 1 -> 0 is 20"),
                        check("syscalls", "set_mempolicy weighted_interleave", BASE, CheckResult.Status.SKIPPED,
                                "kernel before 6.9 has no MPOL_WEIGHTED_INTERLEAVE")));
        TopologyRun hms = new TopologyRun("hms-4s32g", TopologyRun.Status.NOT_BOOTED, Optional.of("candidate guest hung: no output for 240 s"),
                List.of(guest(BASE, "6.1.0-56-amd64", "hms-4s32g", "console of base\n", Optional.empty()),
                        guest(CAND, "", "hms-4s32g", "Booting\u001b[0m\u0000 Linux\nKernel panic - not syncing\n", Optional.of("no output for 240 s"))),
                List.of(), List.of(), Optional.empty(), "./hmsabi gate --baseline " + BASE + " --candidate " + CAND + " --topology hms-4s32g");
        return outcome(List.of(hbm, hms));
    }

    static GateOutcome withFindings(String topology, List<Finding> findings) {
        return outcome(List.of(compared(topology, findings, List.of())));
    }

    static GateOutcome empty() {
        return outcome(List.of());
    }

    static GateOutcome withConsole(String console) {
        TopologyRun run = new TopologyRun("two-socket-hbm", TopologyRun.Status.COMPARED, Optional.empty(),
                List.of(guest(BASE, "6.1.0-56-amd64", "two-socket-hbm", console, Optional.empty())),
                List.of(), List.of(), Optional.empty(), reproduce("two-socket-hbm"));
        return outcome(List.of(run));
    }

    static GateOutcome outcome(List<TopologyRun> runs) {
        return new GateOutcome(BASE, CAND, false, STARTED, Duration.ofSeconds(83), runs,
                "./hmsabi gate --baseline " + BASE + " --candidate " + CAND, GateOutcome.Kind.GATE, "",
                org.hmsabi.gate.RunMatrix.whole(runs), java.util.Map.of(BASE, debianPackage("linux-image-6.1.0-56-amd64-unsigned", "6.1.192-2"),
                        CAND, debianPackage("linux-image-6.12.115+deb12-amd64-unsigned", "6.12.115-1~deb12u1")));
    }

    static org.hmsabi.kernel.DebianPackage debianPackage(String name, String version) {
        return new org.hmsabi.kernel.DebianPackage(name, version, "0".repeat(64), 1);
    }

    static TopologyRun compared(String topology, List<Finding> findings, List<CheckResult> checks) {
        return new TopologyRun(topology, TopologyRun.Status.COMPARED, Optional.empty(),
                List.of(guest(BASE, "6.1.0-56-amd64", topology, "[    0.000000] Linux version 6.1.0-56-amd64\n", Optional.empty()),
                        guest(CAND, "6.12.115+deb12-amd64", topology, "[    0.000000] Linux version 6.12.115\n", Optional.empty())),
                findings, checks, Optional.of("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>"),
                reproduce(topology));
    }

    static String reproduce(String topology) {
        return "./hmsabi gate --baseline " + BASE + " --candidate " + CAND + " --topology " + topology;
    }

    static Finding testingTierChange(Finding.Severity severity) {
        return new Finding(Finding.Kind.VALUE_CHANGED, severity, Stability.TESTING, "node 2 memory tier",
                List.of("/sys/devices/virtual/memory_tiering/memory_tier4/nodelist"), Optional.of("memory_tier4"),
                Optional.of("memory_tier22"), Optional.empty());
    }

    static Finding added() {
        return new Finding(Finding.Kind.ADDED, Finding.Severity.INFO, Stability.TESTING, "weighted_interleave",
                List.of("/sys/kernel/mm/mempolicy/weighted_interleave/node0"), Optional.empty(), Optional.of("1"), Optional.empty());
    }

    static CheckResult check(String suite, String name, String kernel, CheckResult.Status status, String message) {
        return new CheckResult(suite, name, kernel, status, Optional.ofNullable(message));
    }

    static GuestRecord guest(String kernel, String release, String topology, String console, Optional<String> failure) {
        return new GuestRecord(kernel, release, topology, release.isEmpty() ? Duration.ZERO : Duration.ofMillis(3100),
                Optional.of(Path.of("/tmp/" + topology + "-" + kernel.replace(':', '_') + ".json")), Optional.of(console), failure);
    }
}
