package org.hmsabi.report;

import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.TopologyRun;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.hmsabi.model.SnapshotFiles;

/**
 * JUnit XML as Jenkins and GitLab read it: {@code junit/<suite>.xml}, one {@code <testsuite>}
 * per file; the ABI diff has one test case per topology, each check suite one per check. A
 * topology that did not boot is an {@code <error>}, one that was skipped a {@code <skipped>}.
 */
public final class JunitWriter {
    public static final String DIRECTORY = "junit";
    /** Longest failure message attribute: viewers show it in one line; the body has everything. */
    private static final int MESSAGE_CHARS = 1000;

    private JunitWriter() {
    }

    /** Writes one file per suite and returns them; a run without topologies still writes an empty abi-diff suite. */
    public static List<Path> write(GateOutcome outcome, Path resultsDir) {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, List<ReportCase>> suite : ReportCases.bySuite(outcome).entrySet()) {
            Path file = resultsDir.resolve(DIRECTORY).resolve(Names.pathSegment(suite.getKey()) + ".xml");
            SnapshotFiles.writeAtomically(file, render(outcome, suite.getKey(), suite.getValue()));
            files.add(file);
        }
        return files;
    }

    static String render(GateOutcome outcome, String suite, List<ReportCase> cases) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "hmsabi." + suite);
            xml.writeAttribute("tests", String.valueOf(cases.size()));
            xml.writeAttribute("failures", count(cases, CaseStatus.FAILED));
            xml.writeAttribute("errors", count(cases, CaseStatus.ERROR));
            xml.writeAttribute("skipped", count(cases, CaseStatus.SKIPPED));
            xml.writeAttribute("time", seconds(cases.stream().map(ReportCase::duration).reduce(Duration.ZERO, Duration::plus)));
            xml.writeAttribute("timestamp", outcome.started().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).toLocalDateTime().toString());
            xml.writeAttribute("hostname", "localhost");
            xml.writeCharacters("\n");
            properties(xml, outcome);
            for (ReportCase reportCase : cases) {
                testcase(xml, outcome, reportCase);
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML to a string cannot fail", e);
        }
        return text.toString();
    }

    private static void properties(XMLStreamWriter xml, GateOutcome outcome) throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeStartElement("properties");
        property(xml, "baseline", outcome.baseline());
        property(xml, "candidate", outcome.candidate());
        property(xml, "strict", String.valueOf(outcome.strict()));
        property(xml, "command", outcome.command());
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", XmlText.clean(value));
    }

    private static void testcase(XMLStreamWriter xml, GateOutcome outcome, ReportCase reportCase) throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "hmsabi." + reportCase.suite() + "." + reportCase.topology());
        xml.writeAttribute("name", XmlText.clean(reportCase.isDiff()
                ? reportCase.kernel() + " vs " + outcome.baseline()
                : reportCase.name() + " [" + reportCase.kernel() + "]"));
        xml.writeAttribute("time", seconds(reportCase.duration()));
        String message = reportCase.message().orElse(reportCase.status().name().toLowerCase(Locale.ROOT));
        switch (reportCase.status()) {
            case FAILED -> outcomeElement(xml, "failure", message, reportCase.isDiff() ? "abi-regression" : "check-failed", body(reportCase));
            case ERROR -> outcomeElement(xml, "error", message, "not-booted", body(reportCase));
            case SKIPPED -> {
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", XmlText.clean(bounded(message)));
            }
            case PASSED -> { }
        }
        systemOut(xml, outcome, reportCase);
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void outcomeElement(XMLStreamWriter xml, String element, String message, String type, String body)
            throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeAttribute("message", XmlText.clean(bounded(message)));
        xml.writeAttribute("type", type);
        xml.writeCharacters(XmlText.clean(body));
        xml.writeEndElement();
    }

    private static String body(ReportCase reportCase) {
        return reportCase.details() + (reportCase.details().endsWith("\n") || reportCase.details().isEmpty() ? "" : "\n")
                + "kernel: " + reportCase.kernel() + ", topology: " + reportCase.topology() + "\n"
                + "reproduce: " + reportCase.reproduce() + "\n";
    }

    /** Everything a reader of a passing case may still want: warnings, guest releases, console tails. */
    private static void systemOut(XMLStreamWriter xml, GateOutcome outcome, ReportCase reportCase) throws XMLStreamException {
        StringBuilder out = new StringBuilder();
        if (reportCase.isDiff()) {
            out.append(reportCase.details());
            runOf(outcome, reportCase).ifPresent(run -> run.guests().forEach(guest -> {
                out.append("guest ").append(guest.kernel()).append(": ")
                        .append(guest.failure().orElse(guest.release().isEmpty() ? "no answer" : guest.release()
                                + ", booted in " + SummaryWriter.seconds(guest.bootTime()))).append('\n');
                guest.console().ifPresent(console -> out.append("--- console of ").append(guest.kernel()).append(" ---\n")
                        .append(ConsoleTail.of(console, ConsoleTail.INLINE_CHARS)).append('\n'));
            }));
        }
        if (out.length() > 0) {
            xml.writeStartElement("system-out");
            xml.writeCharacters(XmlText.clean(out.toString()));
            xml.writeEndElement();
        }
    }

    static Optional<TopologyRun> runOf(GateOutcome outcome, ReportCase reportCase) {
        return outcome.runs().stream().filter(run -> run.topology().equals(reportCase.topology())).findFirst();
    }

    private static String bounded(String message) {
        String line = message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return line.length() <= MESSAGE_CHARS ? line : line.substring(0, MESSAGE_CHARS - 1) + "…";
    }

    private static String count(List<ReportCase> cases, CaseStatus status) {
        return String.valueOf(cases.stream().filter(reportCase -> reportCase.status() == status).count());
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }
}
