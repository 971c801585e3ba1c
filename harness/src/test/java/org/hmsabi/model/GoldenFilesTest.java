package org.hmsabi.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.hmsabi.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenFilesTest {
    @TempDir
    Path dir;

    private static Snapshot of(String release, String reference) {
        return new Snapshot(Snapshot.SCHEMA, new Snapshot.KernelInfo(release, reference),
                new Snapshot.TopologyInfo("two-socket", "abc"), new TreeMap<>(), new TreeMap<>(), List.of());
    }

    @Test
    void debianKernelsAreNamedByTheirExactReferenceAndBzImagesByTheirRelease() {
        assertThat(GoldenFiles.kernelKey(of("6.1.0-56-amd64", "debian:6.1.0-56").kernel())).isEqualTo("6.1.0-56");
        assertThat(GoldenFiles.kernelKey(of("6.12.117+deb12-amd64", "debian:6.12.117+deb12").kernel())).isEqualTo("6.12.117+deb12");
        assertThat(GoldenFiles.kernelKey(of("6.13.0-rc1", "/tmp/bzImage").kernel())).isEqualTo("6.13.0-rc1");
        // A bzImage's key is the release its guest reported: untrusted, never more than one path segment.
        assertThat(GoldenFiles.kernelKey(of("../../etc/passwd", "/tmp/bzImage").kernel())).isEqualTo("etc_passwd");
        assertThat(GoldenFiles.kernelKey(of("6.13.0-rc1 /x\0", "/tmp/bzImage").kernel())).isEqualTo("6.13.0-rc1__x_");
        assertThat(GoldenFiles.kernelKey(of("..", "/tmp/bzImage").kernel())).isEqualTo("unknown-release");
        assertThat(GoldenFiles.kernelKey(of("6".repeat(300), "/tmp/bzImage").kernel())).hasSize(100);
    }

    @Test
    void nothingIsRecordedUntilAnExplicitUpdate() {
        GoldenFiles golden = new GoldenFiles(dir);
        assertThat(golden.read("two-socket", "6.1.0-56")).isEmpty();
        assertThat(dir).isEmptyDirectory();

        Path file = golden.update(of("6.1.0-56-amd64", "debian:6.1.0-56"));

        assertThat(file).isEqualTo(dir.resolve("two-socket/6.1.0-56.json"));
        assertThat(golden.read("two-socket", "6.1.0-56")).contains(of("6.1.0-56-amd64", "debian:6.1.0-56"));
    }

    @Test
    void aCorruptGoldenFileIsBadInputNamingItAndIsLeftAsItIs() throws IOException {
        Path file = dir.resolve("two-socket/6.1.0-56.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"schema\": \"hmsabi-snapshot/0\"}");
        assertThatThrownBy(() -> new GoldenFiles(dir).read("two-socket", "6.1.0-56"))
                .isInstanceOf(BadInputException.class).hasMessageContaining(file.toString()).hasMessageContaining("schema");
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> new GoldenFiles(dir).read("two-socket", "6.1.0-56"))
                .isInstanceOf(BadInputException.class).hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEqualTo("not json");
    }

    @Test
    void aGoldenFileInTheWrongPlaceIsBadInput() throws IOException {
        Path file = dir.resolve("two-socket/6.12.117+deb12.json");
        SnapshotFiles.write(of("6.1.0-56-amd64", "debian:6.1.0-56"), file, false);
        assertThatThrownBy(() -> new GoldenFiles(dir).read("two-socket", "6.12.117+deb12"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--update-golden");
    }

    @Test
    void namesThatWouldLeaveTheDirectoryAreRefused() {
        assertThatThrownBy(() -> new GoldenFiles(dir).pathFor("../etc", "x")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new GoldenFiles(dir).pathFor("two-socket", "a/b")).isInstanceOf(BadInputException.class);
    }

    @Test
    void theSnapshotWithACxlRegionOnlineIsAGoldenFileBesideTheBootOne() throws IOException {
        GoldenFiles golden = new GoldenFiles(dir);
        Snapshot boot = of("7.3.4+deb13-amd64", "debian:7.3.4+deb13");
        Snapshot region = new Snapshot(Snapshot.SCHEMA, boot.kernel(), boot.topology(),
                new TreeMap<>(java.util.Map.of("/sys/bus/cxl/devices/region0", new Entry.Directory("0755"))), new TreeMap<>(), List.of());
        assertThat(golden.readAfterRegion("two-socket", "7.3.4+deb13")).isEmpty();

        golden.update(boot);
        Path file = golden.updateAfterRegion(region);

        assertThat(file).isEqualTo(dir.resolve("two-socket/7.3.4+deb13.after-region.json"));
        assertThat(golden.read("two-socket", "7.3.4+deb13")).contains(boot);
        assertThat(golden.readAfterRegion("two-socket", "7.3.4+deb13")).contains(region);
        // Checked like every golden file: another kernel's snapshot in its place is bad input.
        SnapshotFiles.write(of("6.12.117+deb12-amd64", "debian:6.12.117+deb12"), file, true);
        assertThatThrownBy(() -> golden.readAfterRegion("two-socket", "7.3.4+deb13"))
                .isInstanceOf(BadInputException.class).hasMessageContaining(file.toString());
    }
}
