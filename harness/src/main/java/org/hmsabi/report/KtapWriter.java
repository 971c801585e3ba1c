package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.TopologyRun;
import java.io.PrintWriter;
import java.util.List;

/**
 * KTAP version 1 on stdout for {@code gate --ktap}, the format kernel test tooling (kunit.py,
 * KernelCI) parses: one top-level test per topology, its ABI diff and checks as subtests,
 * indented four spaces. Why a test failed goes in '#' diagnostic lines just before it.
 */
public final class KtapWriter {
    private static final String SUBTEST_INDENT = "    ";

    private KtapWriter() {
    }

    public static void write(GateOutcome outcome, PrintWriter out) {
        List<ReportCase> cases = ReportCases.of(outcome);
        out.println("KTAP version 1");
        out.println("# hmsabi gate " + outcome.baseline() + " -> " + outcome.candidate()
                + ": " + Verdict.of(outcome) + " (exit " + outcome.exitCode() + ")");
        out.println("1.." + outcome.runs().size());
        int number = 0;
        for (TopologyRun run : outcome.runs()) {
            number++;
            List<ReportCase> subtests = cases.stream().filter(reportCase -> reportCase.topology().equals(run.topology())).toList();
            out.println(SUBTEST_INDENT + "KTAP version 1");
            out.println(SUBTEST_INDENT + "# Subtest: " + Names.ktapName(run.topology()));
            out.println(SUBTEST_INDENT + "1.." + subtests.size());
            int subNumber = 0;
            for (ReportCase subtest : subtests) {
                result(out, SUBTEST_INDENT, ++subNumber, subtest.status(),
                        subtest.isDiff() ? subtest.suite() : subtest.suite() + "." + subtest.name() + " [" + subtest.kernel() + "]",
                        subtest.message().orElse(""), subtest.reproduce());
            }
            result(out, "", number, topologyStatus(run, subtests), run.topology(), "", run.reproduce());
        }
        if (outcome.runs().isEmpty()) {
            out.println("# no topologies were run");
        }
        out.flush();
    }

    private static CaseStatus topologyStatus(TopologyRun run, List<ReportCase> subtests) {
        if (run.status() == TopologyRun.Status.SKIPPED) {
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
            case FAILED, ERROR -> {
                String kind = status == CaseStatus.ERROR ? "error (not judged): " : "";
                if (!message.isEmpty()) {
                    out.println(indent + "# " + kind + Names.ktapName(message));
                }
                out.println(indent + "# reproduce: " + reproduce);
                out.println(indent + "not ok " + number + " " + line);
            }
        }
    }
}
