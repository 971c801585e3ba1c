package org.hmsabi.gate;

import org.hmsabi.check.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hmsabi.diff.Finding;
import org.hmsabi.kernel.DebianPackage;
import org.hmsabi.kernel.Kernel;

/**
 * Everything one gate run found, in the terms every report format is written from
 * (summary.txt, JUnit XML, KCIDB, KTAP, Allure).
 *
 * @param baseline  the baseline kernel reference (exact, e.g. debian:6.1.0-56)
 * @param candidate the candidate kernel reference
 * @param strict    whether testing-ABI changes fail the gate
 * @param started   when the run started
 * @param wallTime  how long it took
 * @param runs      one per topology
 * @param command   the command line that reproduces the whole run
 * @param kind      a gate (two kernels compared) or a check (one kernel, suites only)
 * @param qemu      the QEMU that booted the guests: runner and {@code --version} line (empty if unknown)
 * @param matrix    the whole run's cells and the shard this outcome is (1/1 when not sharded)
 * @param packages  for each kernel of the run that came from Debian (by its exact reference), the package
 *                  that holds its image: {@code linux-image-V-amd64-unsigned}, {@code linux-image-V-amd64}
 *                  or {@code linux-binary-V-amd64} (KCIDB names the build after it)
 */
public record GateOutcome(
        String baseline,
        String candidate,
        boolean strict,
        Instant started,
        Duration wallTime,
        List<TopologyRun> runs,
        String command,
        Kind kind,
        String qemu,
        RunMatrix matrix,
        Map<String, DebianPackage> packages) {

    /** What produced the outcome: {@code hmsabi gate}, {@code hmsabi check} or {@code hmsabi validate-driver}. */
    public enum Kind {
        GATE("gate"), CHECK("check"), VALIDATE_DRIVER("validate-driver");

        private final String command;

        Kind(String command) {
            this.command = command;
        }

        /** The subcommand, as reports name it. */
        public String command() {
            return command;
        }
    }

    public GateOutcome {
        runs = List.copyOf(runs);
        java.util.Objects.requireNonNull(matrix, "matrix");
        packages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(packages));
    }

    /** An outcome of {@code matrix} with no package recorded. */
    public GateOutcome(String baseline, String candidate, boolean strict, Instant started, Duration wallTime,
                       List<TopologyRun> runs, String command, Kind kind, String qemu, RunMatrix matrix) {
        this(baseline, candidate, strict, started, wallTime, runs, command, kind, qemu, matrix, Map.of());
    }

    /** An outcome of the whole matrix its runs show (not sharded), with no package recorded. */
    public GateOutcome(String baseline, String candidate, boolean strict, Instant started, Duration wallTime,
                       List<TopologyRun> runs, String command, Kind kind, String qemu) {
        this(baseline, candidate, strict, started, wallTime, runs, command, kind, qemu, RunMatrix.whole(runs), Map.of());
    }

    /** An outcome whose QEMU is not recorded. */
    public GateOutcome(String baseline, String candidate, boolean strict, Instant started, Duration wallTime,
                       List<TopologyRun> runs, String command, Kind kind) {
        this(baseline, candidate, strict, started, wallTime, runs, command, kind, "");
    }

    /** The same outcome, naming the QEMU that booted its guests (the reports' environment shows it). */
    public GateOutcome withQemu(String description) {
        return new GateOutcome(baseline, candidate, strict, started, wallTime, runs, command, kind, description, matrix, packages);
    }

    /** The same outcome, reproduced by {@code command} (e.g. the whole run's command with the fixtures the user named). */
    public GateOutcome withCommand(String reproducing) {
        return new GateOutcome(baseline, candidate, strict, started, wallTime, runs, reproducing, kind, qemu, matrix, packages);
    }

    /** The same outcome as part of a matrix (a shard of it, or the whole of it). */
    public GateOutcome withMatrix(RunMatrix cut) {
        return new GateOutcome(baseline, candidate, strict, started, wallTime, runs, command, kind, qemu, cut, packages);
    }

    /** The same outcome, recording the Debian package each of {@code kernels} came from (a bzImage file has none). */
    /** This outcome with the package that held the image of the kernel {@code reference}, when there is one. */
    public GateOutcome withPackage(String reference, java.util.Optional<DebianPackage> debianPackage) {
        if (debianPackage.isEmpty()) {
            return this;
        }
        Map<String, DebianPackage> all = new LinkedHashMap<>(packages);
        all.put(reference, debianPackage.get());
        return new GateOutcome(baseline, candidate, strict, started, wallTime, runs, command, kind, qemu, matrix, all);
    }

    public GateOutcome withPackagesOf(List<Kernel> kernels) {
        Map<String, DebianPackage> all = new LinkedHashMap<>(packages);
        kernels.forEach(kernel -> kernel.debianPackage().ifPresent(pkg -> all.put(kernel.exactReference(), pkg)));
        return new GateOutcome(baseline, candidate, strict, started, wallTime, runs, command, kind, qemu, matrix, all);
    }

    /** A gate's outcome. */
    public GateOutcome(String baseline, String candidate, boolean strict, Instant started, Duration wallTime,
                       List<TopologyRun> runs, String command) {
        this(baseline, candidate, strict, started, wallTime, runs, command, Kind.GATE);
    }

    /** True when there were runs and none was judged: every fixture needs a QEMU the runner lacks. */
    public boolean nothingJudged() {
        return !runs.isEmpty() && runs.stream().allMatch(run -> run.status() == TopologyRun.Status.NOT_JUDGED);
    }

    /**
     * True for the outcome of {@code hmsabi check}: one kernel (baseline and candidate name it),
     * suites only, no cross-kernel diff, so the reports carry no abi-diff cases.
     */
    public boolean isCheckRun() {
        return kind == Kind.CHECK;
    }

    /**
     * The gate's exit code: 3 if a guest could not be booted or captured, or if nothing was judged
     * at all (every run not judged: a run that judged nothing is no pass), else 1 if any finding
     * fails, else 0. A run not judged (the runner's QEMU cannot emulate the fixture) beside judged
     * ones counts for none.
     */
    public int exitCode() {
        if (nothingJudged()
                || runs.stream().anyMatch(run -> run.status() != TopologyRun.Status.COMPARED && run.status() != TopologyRun.Status.NOT_JUDGED)) {
            return 3;
        }
        boolean failing = runs.stream().flatMap(run -> run.findings().stream())
                .anyMatch(finding -> finding.severity() == Finding.Severity.FAILURE)
                || runs.stream().flatMap(run -> run.checks().stream()).anyMatch(check -> check.status() == CheckResult.Status.FAILED);
        return failing ? 1 : 0;
    }
}
