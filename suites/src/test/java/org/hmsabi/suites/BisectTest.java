package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bisect and bisect-step end to end on the pinned kernels: weighted_interleave is new in 6.12
 * (6.9 on), so a bisect across 6.1, a corrupted image and 6.12 names 6.12 and reports the
 * corrupted image as skipped; bisect-step exits 1 for 6.12 against the 6.1 golden file and 125
 * for the corrupted image.
 */
@Tag("guest")
class BisectTest {
    private static CliRun hmsabi(String... args) {
        return CliRun.of(args);
    }

    /** A copy of a real bzImage whose boot header is zeroed: what a half-written or damaged build leaves behind. */
    private static Path corruptedImage(Path dir) throws IOException {
        byte[] image = Files.readAllBytes(TestGuests.kernel(TestGuests.sixOneAndSixTwelve().get(0)).image());
        for (int i = 0x1f0; i < 0x300; i++) {
            image[i] = 0;
        }
        Path corrupted = dir.resolve("bzImage");
        Files.write(corrupted, image);
        return corrupted;
    }

    @Test
    void bisectNamesSixTwelveAndSkipsTheCorruptedImage(@TempDir Path dir) throws IOException {
        List<String> pinned = TestGuests.sixOneAndSixTwelve();
        Path corrupted = corruptedImage(dir);

        CliRun run = hmsabi("bisect", "--kernels", pinned.get(0) + "," + corrupted + "," + pinned.get(1),
                "--finding", "weighted_interleave", "--results", dir.resolve("results").toString());

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("first bad " + pinned.get(1) + ", last good " + pinned.get(0))
                .contains("finding: ADDED INFO /sys/kernel/mm/mempolicy/weighted_interleave/")
                .contains("skipped (untestable): " + corrupted)
                .contains("the change may also lie in the untestable " + corrupted)
                .contains("confidence: 1.00");
        assertThat(run.stderr()).contains("bisect: step 1 of ~").contains("(kernel 3 of 3)");
        assertThat(dir.resolve("results/bisect/two-socket-hbm/" + pinned.get(1).substring("debian:".length()) + ".json"))
                .isNotEmptyFile();
    }

    /**
     * Four real Debian packages, the two newest bookworm kernels of each of 6.1 and 6.12 as the
     * archive offers them today (it drops old ones every few weeks): the first 6.12 one is where
     * weighted interleave (Linux 6.9) appears. Fetches the packages the other tests do not use.
     */
    @Test
    void bisectAcrossFourRealDebianKernelsNamesTheFirstSixTwelvePackage(@TempDir Path dir) {
        org.hmsabi.kernel.KernelIndex index = org.hmsabi.kernel.Kernels.onThisMachine(java.util.Optional.empty(), System.getenv(),
                TestGuests.workspace().root(), System.err::println).index();
        List<String> oldSeries = newestTwo(index.inSeries("6.1"));
        List<String> newSeries = newestTwo(index.inSeries("6.12").stream().filter(k -> k.abi().endsWith("+deb12")).toList());
        List<String> kernels = java.util.stream.Stream.concat(oldSeries.stream(), newSeries.stream()).toList();
        CliRun run = hmsabi("bisect", "--kernels", String.join(",", kernels), "--finding", "weighted_interleave",
                "--results", dir.resolve("results").toString());

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("first bad " + newSeries.get(0) + ", last good " + oldSeries.get(1))
                .contains("confidence: 1.00").containsPattern("steps: [0-9]+");
    }

    private static List<String> newestTwo(List<org.hmsabi.kernel.KernelRef.DebianKernel> series) {
        assertThat(series).as("the archive offers two kernels of the series").hasSizeGreaterThanOrEqualTo(2);
        return series.subList(series.size() - 2, series.size()).stream().map(org.hmsabi.kernel.KernelRef.DebianKernel::text).toList();
    }

    @Test
    void bisectStepSaysBadForSixTwelveAndUntestableForACorruptedImage(@TempDir Path dir) throws IOException {
        List<String> pinned = TestGuests.sixOneAndSixTwelve();
        Path sixTwelve = TestGuests.kernel(pinned.get(1)).image();
        Path golden = TestGuests.workspace().goldenDir().resolve("two-socket-hbm")
                .resolve(pinned.get(0).substring("debian:".length()) + ".json");
        String results = dir.resolve("results").toString();

        CliRun bad = hmsabi("bisect-step", "--kernel", sixTwelve.toString(), "--baseline", pinned.get(0),
                "--finding", "weighted_interleave", "--results", results);
        assertThat(bad.exitCode()).as(bad.stdout() + bad.stderr()).isEqualTo(1);
        assertThat(bad.stdout()).contains("is bad: ADDED /sys/kernel/mm/mempolicy/weighted_interleave/");

        CliRun untestable = hmsabi("bisect-step", "--kernel", corruptedImage(dir).toString(), "--baseline-snapshot", golden.toString(),
                "--finding", "weighted_interleave", "--results", results);
        assertThat(untestable.exitCode()).as(untestable.stdout() + untestable.stderr()).isEqualTo(125);
        assertThat(untestable.stdout()).contains("is untestable");
    }
}
