package org.hmsabi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitWriterTest {
    @TempDir
    Path results;

    @Test
    void oneFilePerSuiteWithTheCountsCiReads() throws Exception {
        List<Path> files = JunitWriter.write(Outcomes.failing(), results);

        assertThat(files).extracting(file -> file.getFileName().toString())
                .containsExactly("abi-diff.xml", "conformance.xml", "syscalls.xml");
        Element diff = parse(results.resolve("junit/abi-diff.xml")).getDocumentElement();
        assertThat(diff.getTagName()).isEqualTo("testsuite");
        assertThat(diff.getAttribute("name")).isEqualTo("hmsabi.abi-diff");
        assertThat(diff.getAttribute("tests")).isEqualTo("2");
        assertThat(diff.getAttribute("failures")).isEqualTo("1");
        assertThat(diff.getAttribute("errors")).isEqualTo("1");
        assertThat(diff.getAttribute("skipped")).isEqualTo("0");
        assertThat(diff.getAttribute("time")).isEqualTo("9.300"); // the boot times of the three guests that booted
        assertThat(diff.getAttribute("timestamp")).isEqualTo("2025-03-01T10:00");

        Element syscalls = parse(results.resolve("junit/syscalls.xml")).getDocumentElement();
        assertThat(syscalls.getAttribute("skipped")).isEqualTo("1");
        Element skipped = (Element) syscalls.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).contains("no MPOL_WEIGHTED_INTERLEAVE");
    }

    @Test
    void failuresCarryTheFailingFindingsAndTheReproducer() throws Exception {
        JunitWriter.write(Outcomes.failing(), results);
        Document diff = parse(results.resolve("junit/abi-diff.xml"));
        NodeList cases = diff.getElementsByTagName("testcase");

        Element hbm = (Element) cases.item(0);
        assertThat(hbm.getAttribute("classname")).isEqualTo("hmsabi.abi-diff.two-socket-hbm");
        assertThat(hbm.getAttribute("name")).isEqualTo("debian:6.12.115+deb12 vs debian:6.1.0-56");
        Element failure = (Element) hbm.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("abi-regression");
        assertThat(failure.getAttribute("message")).startsWith("1 failing finding: FAILURE REMOVED (stable) node 1 access0 read_latency: 10 → -")
                .doesNotContain("memory tier"); // a warning is not a failure
        assertThat(failure.getTextContent()).contains("memory_tier4 → memory_tier22")
                .contains("reproduce: " + Outcomes.reproduce("two-socket-hbm"));

        Element hms = (Element) cases.item(1);
        Element error = (Element) hms.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).isEqualTo("candidate guest hung: no output for 240 s");
        String out = hms.getElementsByTagName("system-out").item(0).getTextContent();
        // The console's escape sequence and NUL are not XML; the file parsed, and the text survived around them.
        assertThat(out).contains("Kernel panic - not syncing").contains("Booting\uFFFD[0m\uFFFD Linux");
    }

    @Test
    void passingRunHasNoFailureElements() throws Exception {
        JunitWriter.write(Outcomes.passing(), results);
        Document diff = parse(results.resolve("junit/abi-diff.xml"));

        assertThat(diff.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        assertThat(diff.getElementsByTagName("failure").getLength()).isZero();
        assertThat(diff.getElementsByTagName("system-out").item(0).getTextContent()).contains("WARNING");
    }

    @Test
    void emptyRunStillWritesAnEmptyDiffSuite() throws Exception {
        JunitWriter.write(Outcomes.empty(), results);

        assertThat(parse(results.resolve("junit/abi-diff.xml")).getDocumentElement().getAttribute("tests")).isEqualTo("0");
    }

    static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }
}
