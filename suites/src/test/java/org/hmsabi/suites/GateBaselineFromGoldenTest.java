package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's baseline comes from its golden files without the kernel: in a copy of the
 * repository's fixtures whose baseline pin names a package version the archive never had (as
 * when Debian drops a pinned kernel on a machine with an empty cache), the gate on single-node
 * still runs and passes from the golden file, and says the baseline was not fetched; asked to boot
 * the baseline, the same gate stops before any guest with the named condition (exit 4).
 */
@Tag("guest")
class GateBaselineFromGoldenTest {

    @Test
    void aBaselineThatTheGoldenFilesCoverIsNeverFetched(@TempDir Path dir) throws IOException {
        RepositoryCopy copy = RepositoryCopy.of(dir);
        String baseline = TestGuests.kernel(TestGuests.defaultKernelReferences().get(0)).exactReference();
        vanish(copy.resolve("fixtures/kernels.yaml"), baseline);

        CliRun fromGolden = copy.inside(() -> gate(dir.resolve("golden")));
        CliRun booting = copy.inside(() -> gate(dir.resolve("boot"), "--baseline-from", "boot"));

        assertThat(fromGolden.exitCode()).as(fromGolden.both()).isZero();
        assertThat(fromGolden.stderr()).contains("gate: the baseline " + baseline + " comes from its golden files alone; it is not fetched")
                .contains("on 1 topology (1 guest to boot");
        assertThat(fromGolden.stdout()).startsWith("hmsabi gate: PASS");
        assertThat(dir.resolve("golden/outcome.json")).content().contains(baseline);

        assertThat(booting.exitCode()).as(booting.both()).isEqualTo(4);
        assertThat(booting.stderr().strip()).startsWith("hmsabi: " + baseline + ": ").contains("is unavailable")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(dir.resolve("boot")).doesNotExist();
    }

    /** The baseline's image package pinned at a version no archive has, with a checksum nothing has. */
    private static void vanish(Path kernelsYaml, String baseline) throws IOException {
        String yaml = Files.readString(kernelsYaml);
        Matcher pin = Pattern.compile("(- kernel: " + Pattern.quote(baseline) + "\\n(?:.*\\n)*?\\s+version: )(\\S+)(\\n\\s+sha256: )(\\S+)")
                .matcher(yaml);
        assertThat(pin.find()).as("the pin of " + baseline + " in " + kernelsYaml).isTrue();
        Files.writeString(kernelsYaml, pin.replaceFirst("$1" + Matcher.quoteReplacement(pin.group(2) + "+vanished") + "$3" + "0".repeat(64)));
    }

    private static CliRun gate(Path results, String... extra) {
        return CliRun.exactly(java.util.stream.Stream.concat(java.util.stream.Stream.of("gate", "--topology", "single-node",
                "--results", results.toString()), java.util.stream.Stream.of(extra)).toArray(String[]::new));
    }
}
