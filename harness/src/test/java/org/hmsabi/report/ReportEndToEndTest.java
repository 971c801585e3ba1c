package org.hmsabi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ci/report and ci/report-check on a real results directory: Allure renders the HTML report and
 * headless Chromium shows it with this run's test names and counts. Tagged: it needs
 * allure-commandline (fetched once) and chromium (installed if missing).
 */
@Tag("report")
class ReportEndToEndTest {
    private static final Path REPO = Path.of(System.getProperty("hmsabi.repo", "..")).toAbsolutePath().normalize();

    @Test
    void theHtmlReportRendersWithTheRunsTests() throws Exception {
        Path results = REPO.resolve("harness/target/report-e2e");
        Reports.writeAll(Outcomes.failing(), results);

        assertThat(run(REPO.resolve("ci/report").toString(), results.toString())).isZero();
        assertThat(results.resolve("allure-report/index.html")).isRegularFile();
        assertThat(run(REPO.resolve("ci/report-check").toString(), results.toString())).isZero();
        assertThat(results.resolve("allure-report-check/overview.png")).isRegularFile();
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        System.out.println(output);
        return process.exitValue();
    }
}
