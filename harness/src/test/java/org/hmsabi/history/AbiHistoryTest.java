package org.hmsabi.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hmsabi.diff.Finding;
import org.hmsabi.diff.SnapshotDiff;
import org.hmsabi.diff.Waivers;
import org.hmsabi.kernel.DebianVersion;
import org.hmsabi.kernel.KernelPin;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.AttributeRule;
import org.hmsabi.kernel.KernelVersion;
import org.junit.jupiter.api.Test;

/**
 * The history over the golden files of the newest pinned kernel of every series on
 * two-socket-hbm (no guest boots): every finding of every step is on exactly one line at that
 * step, and the spec never dates an attribute later than the first kernel that shows it.
 */
class AbiHistoryTest {
    private static final Path REPO = Path.of(System.getProperty("hmsabi.repo", ".."));
    private final AbiSpec spec = AbiSpec.bundled();
    private final AbiHistory history = AbiHistory.of("two-socket-hbm", goldenSnapshots(), new SnapshotDiff(spec, Waivers.none(), false));

    private static List<Snapshot> goldenSnapshots() {
        KernelPins pins = KernelPins.load(REPO.resolve(KernelPins.FIXTURE));
        GoldenFiles golden = new GoldenFiles(REPO.resolve("fixtures/golden"));
        List<Snapshot> snapshots = new ArrayList<>();
        pins.pins().stream().map(KernelPin::series).distinct().sorted(DebianVersion.ORDER)
                .map(series -> pins.newestIn(series).orElseThrow())
                .forEach(pin -> snapshots.add(golden.read("two-socket-hbm", GoldenFiles.kernelKey(new Snapshot.KernelInfo("", pin.reference())))
                        .orElseThrow(() -> new AssertionError("no golden file of " + pin.reference()))));
        return snapshots;
    }

    @Test
    void everyFindingOfEveryStepIsOnOneLineAtThatStep() {
        assertThat(history.kernels()).hasSizeGreaterThanOrEqualTo(10);
        List<AbiHistory.Line> lines = history.lines();
        for (int step = 0; step < history.steps().size(); step++) {
            int at = step;
            List<Finding> placed = lines.stream().map(line -> line.changes().get(at)).flatMap(Optional::stream).toList();
            assertThat(placed).as("step to " + history.steps().get(step).to())
                    .containsExactlyInAnyOrderElementsOf(history.steps().get(step).findings());
        }
        assertThat(lines.stream().map(AbiHistory.Line::subject).distinct()).hasSameSizeAs(lines);
    }

    @Test
    void theSpecNeverDatesAnAttributeLaterThanTheFirstKernelThatShowsIt() {
        for (AbiHistory.Step step : history.steps()) {
            KernelVersion kernel = KernelVersion.parse(step.to().substring("debian:".length()));
            step.findings().stream().filter(f -> f.kind() == Finding.Kind.ADDED).flatMap(f -> f.paths().stream())
                    .filter(path -> path.startsWith("/sys/") && !path.contains("#"))
                    .forEach(path -> {
                        Optional<AttributeRule> rule = spec.find(path, Optional.of(kernel));
                        rule.flatMap(AttributeRule::since).ifPresent(since -> assertThat(kernel.atLeast(since))
                                .as("%s appears in %s but the spec says since %s", path, step.to(), since).isTrue());
                    });
        }
    }

    @Test
    void thePageHasARowPerLineAndAColumnPerKernelAndEscapesWhatItShows() {
        String html = HistoryPage.render(List.of(history));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h2 id=\"two-socket-hbm\">");
        assertThat(html.split("<tr><td class=\"subject\">", -1)).hasSize(history.lines().size() + 1);
        assertThat(html.split("<th>", -1)).hasSize(history.kernels().size() + 2);
        assertThat(html).contains("node&lt;N&gt;").doesNotContain("node<N>");
    }
}
