package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.TopologyRun;
import java.io.PrintWriter;
import java.util.List;

/**
 * KTAP version 1 on stdout for {@code gate --format ktap}, the format kernel test tooling (kunit.py,
 * KernelCI) parses, as Documentation/dev-tools/ktap.rst specifies it: one top-level test per
 * topology, its ABI diff and checks as subtests, each nesting level indented two spaces. Why a
 * test failed goes in '#' diagnostic lines just before its result line; a case that could not be
 * judged (a guest that did not boot) is {@code not ok ... # ERROR <why>}, a skipped one
 * {@code ok ... # SKIP <why>}; a run without topologies has the plan {@code 1..0 # SKIP <why>}.
 * KtapKunitParserTest reads it with the kernel's own {@code kunit.py parse}.
 */
public final class KtapWriter {
    /** ktap.rst, "Nested tests": one level of indentation is two spaces. */
    private static final String SUBTEST_INDENT = "  ";

    private KtapWriter() {
    }

    public static void write(GateOutcome outcome, PrintWriter out) {
        List<ReportCase> cases = ReportCases.of(outcome);
        out.println("KTAP version 1");
        out.println("# hmsabi gate " + outcome.baseline() + " -> " + outcome.candidate()
                + ": " + Verdict.of(outcome) + " (exit " + outcome.exitCode() + ")");
        out.println(outcome.runs().isEmpty() ? "1..0 # SKIP no topologies were run" : "1.." + outcome.runs().size());
        int number = 0;
        for (TopologyRun run : outcome.runs()) {
            number++;
            List<ReportCase> subtests = cases.stream().filter(reportCase -> reportCase.topology().equals(run.topology())).toList();
            out.println(SUBTEST_INDENT + "KTAP version 1");
            out.println(SUBTEST_INDENT + "# Subtest: " + Names.ktapName(run.topology()));
            out.println(SUBTEST_INDENT + "1.." + subtests.size());
            int subNumber = 0;
            for (ReportCase subtest : subtests) {
                result(out, SUBTEST_INDENT, ++subNumber, subtest.status(), subtestName(subtest),
                        subtest.message().orElse(""), subtest.reproduce());
            }
            result(out, "", number, topologyStatus(run, subtests), run.topology(), "", run.reproduce());
        }
        out.flush();
    }

    /** A case's KTAP name: the ABI diff by its suite, a check by suite, name and the kernel it judged. */
    static String subtestName(ReportCase subtest) {
        return Names.ktapName(subtest.isDiff() ? subtest.suite() : subtest.suite() + "." + subtest.name() + " [" + subtest.kernel() + "]");
    }

    private static CaseStatus topologyStatus(TopologyRun run, List<ReportCase> subtests) {
        if (run.status() == TopologyRun.Status.SKIPPED || run.status() == TopologyRun.Status.NOT_JUDGED) {
            return CaseStatus.SKIPPED;
        }
        boolean bad = subtests.stream().anyMatch(subtest -> subtest.status() == CaseStatus.FAILED || subtest.status() == CaseStatus.ERROR);
        return bad ? CaseStatus.FAILED : CaseStatus.PASSED;
    }

    private static void result(PrintWriter out, String indent, int number, CaseStatus status, String name,
                               String message, String reproduce) {
        String line = Names.ktapName(name);
        switch (status) {
            case PASSED -> out.println(indent + "ok " + number + " " + line);
            case SKIPPED -> out.println(indent + "ok " + number + " " + line + " # SKIP " + Names.ktapName(message));
            case FAILED -> {
                if (!message.isEmpty()) {
                    out.println(indent + "# " + Names.ktapName(message));
                }
                out.println(indent + "# reproduce: " + reproduce);
                out.println(indent + "not ok " + number + " " + line);
            }
            case ERROR -> {
                out.println(indent + "# reproduce: " + reproduce);
                out.println(indent + "not ok " + number + " " + line + " # ERROR "
                        + Names.ktapName(message.isEmpty() ? "not judged" : message));
            }
        }
    }
}
