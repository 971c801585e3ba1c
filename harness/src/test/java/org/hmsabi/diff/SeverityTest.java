package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.diff.Finding.Severity;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.Stability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Severity follows the spec's stability of what changed, the kind of change (testing ABI may change but not break), and --strict. */
class SeverityTest {

    @ParameterizedTest(name = "{0} {1} strict={2} → {3}")
    @CsvSource({
        "REMOVED, STABLE, false, FAILURE",
        "REMOVED, STABLE, true, FAILURE",
        "VALUE_CHANGED, TESTING, false, WARNING",
        "VALUE_CHANGED, TESTING, true, FAILURE",
        "REMOVED, TESTING, false, FAILURE",
        "FORMAT_CHANGED, TESTING, false, FAILURE",
        "ERRNO_CHANGED, TESTING, false, WARNING",
        "REMOVED, UNDOCUMENTED, false, WARNING",
        "REMOVED, OBSOLETE, false, INFO",
        "FORMAT_CHANGED, UNDOCUMENTED, false, WARNING",
        "FORMAT_CHANGED, UNDOCUMENTED, true, WARNING",
        "ERRNO_CHANGED, OBSOLETE, false, INFO",
        "ERRNO_CHANGED, OBSOLETE, true, INFO",
        "ADDED, STABLE, true, INFO",
        "ADDED, TESTING, true, INFO",
    })
    void policy(Kind kind, Stability stability, boolean strict, Severity expected) {
        assertThat(new SeverityPolicy(strict).severityOf(kind, stability)).isEqualTo(expected);
    }

    @TempDir
    Path dir;

    @Test
    void theSpecRuleOfThePathDecides() throws Exception {
        Path specFile = dir.resolve("attributes.yaml");
        Files.writeString(specFile, """
                attributes:
                  - {path: /sys/a/stable, class: deterministic, stability: stable}
                  - {path: /sys/a/testing, class: deterministic, stability: testing}
                  - {path: /sys/a/obsolete, class: deterministic, stability: obsolete}
                """);
        AbiSpec spec = AbiSpec.load(specFile);
        SnapshotBuilder before = SnapshotBuilder.fourNodes();
        for (String name : new String[] {"stable", "testing", "obsolete", "unknown"}) {
            before.file("/sys/a/" + name, "1\n");
        }
        Snapshot baseline = before.build();
        SnapshotBuilder after = SnapshotBuilder.candidateOf(baseline);
        for (String name : new String[] {"stable", "testing", "obsolete", "unknown"}) {
            after.file("/sys/a/" + name, "2\n");
        }
        Snapshot candidate = after.build();

        assertThat(new SnapshotDiff(spec, Waivers.none(), false).compare(baseline, candidate).findings())
                .extracting(Finding::subject, Finding::stability, Finding::severity)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("/sys/a/stable", Stability.STABLE, Severity.FAILURE),
                        org.assertj.core.groups.Tuple.tuple("/sys/a/testing", Stability.TESTING, Severity.WARNING),
                        org.assertj.core.groups.Tuple.tuple("/sys/a/obsolete", Stability.OBSOLETE, Severity.INFO),
                        org.assertj.core.groups.Tuple.tuple("/sys/a/unknown", Stability.UNDOCUMENTED, Severity.WARNING));
        DiffResult strict = new SnapshotDiff(spec, Waivers.none(), true).compare(baseline, candidate);
        assertThat(strict.findings()).filteredOn(f -> f.subject().equals("/sys/a/testing"))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.FAILURE));
        assertThat(strict.passes()).isFalse();
    }
}
