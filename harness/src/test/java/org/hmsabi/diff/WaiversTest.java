package org.hmsabi.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hmsabi.diff.SnapshotBuilder.NODE;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.hmsabi.BadInputException;
import org.hmsabi.diff.Finding.Severity;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.AbiSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Waivers downgrade what they name, and every one of them is reported. */
class WaiversTest {
    private static final Clock MAY_2026 = Clock.fixed(LocalDate.of(2026, 5, 1).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    private final Snapshot baseline = SnapshotBuilder.fourNodes().build();
    // a removed stable attribute: a failure unless waived
    private final Snapshot candidate = SnapshotBuilder.candidateOf(baseline).without(NODE + "online").build();

    private static Waivers waivers(String entries) {
        return Waivers.parse("waivers:\n" + entries, "waivers.yaml");
    }

    private DiffResult diff(Waivers waivers) {
        return new SnapshotDiff(AbiSpec.bundled(), waivers, false, MAY_2026).compare(baseline, candidate);
    }

    private static String entry(String path, String kernels, String extra) {
        return "  - path: " + path + "\n    kernels: \"" + kernels + "\"\n    reason: online moved\n"
                + "    link: https://example.org/1\n" + extra;
    }

    @Test
    void aMatchingWaiverTurnsTheFindingIntoNamedInformation() {
        DiffResult result = diff(waivers(entry(NODE + "online", ">= 6.9", "    finding: REMOVED\n")));

        assertThat(result.passes()).isTrue();
        assertThat(result.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.INFO);
            assertThat(finding.waiver()).hasValueSatisfying(text -> assertThat(text)
                    .contains("online moved", "https://example.org/1", "waivers.yaml entry 1"));
        });
        assertThat(result.waivers().used()).hasSize(1);
        assertThat(result.waivers().unused()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "another path             | /sys/devices/system/node/possible | *        | ''",
        "another kind             | /sys/devices/system/node/online   | *        | '    finding: VALUE_CHANGED\n'",
        "another kernel range     | /sys/devices/system/node/online   | < 6.12   | ''",
        "another exact kernel     | /sys/devices/system/node/online   | debian:6.12.115+deb12 | ''",
        "another fixture          | /sys/devices/system/node/online   | *        | '    topologies: [cxl-expander]\n'",
    })
    void aWaiverThatMatchesNothingLeavesTheFindingAndIsReportedUnused(String why, String path, String kernels, String extra) {
        DiffResult result = diff(waivers(entry(path, kernels, extra.replace("\\n", "\n"))));

        assertThat(result.passes()).isFalse();
        assertThat(result.findings()).singleElement().satisfies(finding -> assertThat(finding.waiver()).isEmpty());
        assertThat(result.waivers().unused()).hasSize(1);
        assertThat(result.waivers().used()).isEmpty();
    }

    @Test
    void aWaiverCoversAGroupOnlyIfItNamesEveryPathOfIt() {
        Snapshot before = SnapshotBuilder.from(baseline).file(NODE + "node0/foo", "1\n").file(NODE + "node1/foo", "1\n").build();
        Snapshot after = SnapshotBuilder.candidateOf(before).without(NODE + "node0/foo").without(NODE + "node1/foo").build();
        SnapshotDiff narrow = new SnapshotDiff(AbiSpec.bundled(), waivers(entry(NODE + "node0/foo", "*", "")), false, MAY_2026);
        SnapshotDiff wide = new SnapshotDiff(AbiSpec.bundled(), waivers(entry(NODE + "node<N>/foo", "*", "")), false, MAY_2026);

        assertThat(narrow.compare(before, after).findings()).singleElement()
                .satisfies(finding -> assertThat(finding.waiver()).isEmpty());
        assertThat(wide.compare(before, after).findings()).singleElement()
                .satisfies(finding -> assertThat(finding.waiver()).isPresent());
    }

    @Test
    void aWaiverOfSomeFixturesCoversTheirFindingsOnly() {
        // the snapshots are of the fixture "four"
        assertThat(diff(waivers(entry(NODE + "online", "*", "    topologies: [cxl-expander, four]\n"))).passes()).isTrue();
        assertThat(diff(waivers(entry(NODE + "online", "*", "    topologies: [cxl-expander]\n"))).passes()).isFalse();
    }

    @Test
    void anExpiredWaiverNoLongerAppliesAndIsReported() {
        DiffResult result = diff(waivers(entry(NODE + "online", "*", "    expires: 2026-04-30\n")));

        assertThat(result.passes()).isFalse();
        assertThat(result.waivers().expired()).hasSize(1);
        assertThat(result.waivers().unused()).isEmpty();
    }

    @Test
    void aWaiverIsStillValidOnItsLastDay() {
        assertThat(diff(waivers(entry(NODE + "online", "*", "    expires: 2026-05-01\n"))).passes()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no reason        | '  - {path: /a, kernels: \"*\", link: l}'                          | 'reason' is required",
        "no link          | '  - {path: /a, kernels: \"*\", reason: r}'                        | 'link' is required",
        "no kernels       | '  - {path: /a, reason: r, link: l}'                               | 'kernels' is required",
        "nothing waived   | '  - {kernels: \"*\", reason: r, link: l}'                          | needs 'path' or 'finding'",
        "unknown key      | '  - {path: /a, kernels: \"*\", reason: r, link: l, until: x}'      | unknown key 'until'",
        "bad kind         | '  - {finding: BROKEN, kernels: \"*\", reason: r, link: l}'         | is not one of",
        "bad date         | '  - {path: /a, kernels: \"*\", reason: r, link: l, expires: soon}' | is not a date",
        "bad kernels      | '  - {path: /a, kernels: \">= six\", reason: r, link: l}'          | kernels '>= six'",
        "not a mapping    | '  - just text'                                                    | expected a mapping",
        "topologies text  | '  - {path: /a, kernels: \"*\", reason: r, link: l, topologies: four}' | 'topologies' must be a list",
        "bad fixture name | '  - {path: /a, kernels: \"*\", reason: r, link: l, topologies: [../x]}' | no fixture name",
    })
    void aMalformedEntryIsBadInputNamingFileAndEntry(String why, String entries, String message) {
        assertThatThrownBy(() -> waivers(entries)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("waivers.yaml entry 1").hasMessageContaining(message);
    }

    @Test
    void aFileThatIsNotAListOfWaiversIsBadInput() {
        assertThatThrownBy(() -> Waivers.parse("waivers: {a: 1}\n", "w.yaml")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("w.yaml");
        assertThatThrownBy(() -> Waivers.parse("waiver: []\n", "w.yaml")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown key 'waiver'");
        assertThatThrownBy(() -> Waivers.parse("waivers: [\n", "w.yaml")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void theShippedWaiversFileIsValidAndEveryEntryHasAReasonAndALink() {
        Path shipped = Path.of(System.getProperty("hmsabi.repo", "..")).resolve("fixtures/waivers.yaml");
        assertThat(Waivers.load(shipped).all()).allSatisfy(waiver -> {
            assertThat(waiver.reason()).isNotBlank();
            assertThat(waiver.link()).startsWith("https://");
        });
    }

    @Test
    void aMissingWaiversFileIsBadInput() {
        assertThatThrownBy(() -> Waivers.load(Path.of("/nonexistent/waivers.yaml")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("/nonexistent/waivers.yaml");
    }
}
