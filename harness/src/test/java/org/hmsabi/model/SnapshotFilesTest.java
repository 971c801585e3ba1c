package org.hmsabi.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.hmsabi.BadInputException;
import org.hmsabi.spec.ValueClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFilesTest {

    @TempDir
    Path dir;

    static Snapshot sample() {
        TreeMap<String, Entry> sysfs = new TreeMap<>();
        sysfs.put("/sys/devices/system/node/node0/cpulist", new Entry.File("0444", new Cell.Value(ValueClass.CONFIG, "0-1\n")));
        sysfs.put("/sys/devices/system/node/node0/cpu0", new Entry.Link("../../cpu/cpu0"));
        sysfs.put("/sys/devices/system/node/node0/compact", new Entry.WriteOnly("0200"));
        TreeMap<String, Cell> rows = new TreeMap<>();
        rows.put("MemTotal", new Cell.Value(ValueClass.DETERMINISTIC, "507720 kB"));
        rows.put("MemFree", Cell.volatileOf("480123 kB"));
        sysfs.put("/sys/devices/system/node/node0/meminfo", new Entry.Table("0444", rows));
        sysfs.put("/sys/devices/system/node/node0/bad", new Entry.Unreadable("0444", "EIO"));
        sysfs.put("/sys/devices/system/node/node0", new Entry.Directory("0755"));
        return new Snapshot(Snapshot.SCHEMA, new Snapshot.KernelInfo("6.1.0-56-amd64", "debian:6.1.0-56"),
                new Snapshot.TopologyInfo("two-socket", "abc"), sysfs, new TreeMap<>(), List.of());
    }

    @Test
    void canonicalFormSortsEveryKeyAndRoundTrips() throws IOException {
        Path file = dir.resolve("s.json");
        SnapshotFiles.write(sample(), file, false);
        String text = Files.readString(file);
        assertThat(text).endsWith("}\n").doesNotContain("\r");
        assertThat(text.indexOf("\"kernel\"")).isLessThan(text.indexOf("\"procfs\""));
        assertThat(text.indexOf("\"procfs\"")).isLessThan(text.indexOf("\"schema\""));
        assertThat(text.indexOf("\"class\"")).isLessThan(text.indexOf("\"value\""));
        assertThat(text).contains("\"format\" : \"<int> kB\"");

        Snapshot back = SnapshotFiles.read(file);
        assertThat(back).isEqualTo(sample());
        assertThat(SnapshotFiles.toCanonicalJson(back)).isEqualTo(text);
    }

    @Test
    void writesAreAbsentWhenNoneWereMadeAndRoundTripWhenRecorded() throws IOException {
        assertThat(SnapshotFiles.toCanonicalJson(sample())).doesNotContain("\"writes\"");
        Snapshot withWrites = sample().withWrites(List.of(
                new WriteRecord("numa/demotion_enabled/yes", "/sys/kernel/mm/numa/demotion_enabled", "0644", "yes", "ok", "false", "true", null),
                new WriteRecord("numa/demotion_enabled/x", "/sys/kernel/mm/numa/demotion_enabled", "0644", "x", "EINVAL", "false", "false",
                        "EBUSY")));
        Path file = dir.resolve("w.json");
        SnapshotFiles.write(withWrites, file, false);
        String text = Files.readString(file);
        assertThat(text).contains("\"writes\"", "\"outcome\" : \"EINVAL\"", "\"restore\" : \"EBUSY\"");
        assertThat(text.indexOf("\"restore\"")).isEqualTo(text.lastIndexOf("\"restore\"")); // absent where the write-back worked
        assertThat(SnapshotFiles.read(file)).isEqualTo(withWrites);
    }

    @Test
    void thpPlacementIsAbsentOutsideThpRecordsAndRoundTripsWhereRecorded() throws IOException {
        List<Integer> basePages = new java.util.ArrayList<>(java.util.Collections.nCopies(2 * ThpPlacement.BASE_PAGES, 3));
        basePages.set(ThpPlacement.BASE_PAGES, 0);
        TreeMap<String, String> args = new TreeMap<>(java.util.Map.of("backing", "thp", "mode", "BIND", "pages", "2"));
        Snapshot withThp = new Snapshot(sample().schema(), sample().kernel(), sample().topology(), sample().sysfs(), sample().procfs(),
                List.of(new SyscallRecord("mbind/BIND", "mbind", new TreeMap<>(), 0, null, List.of(3, 3)),
                        new SyscallRecord("mbind/BIND/backing=thp", "mbind", args, 0, null, List.of(),
                                ThpPlacement.of(basePages, List.of(0, 4096))),
                        new SyscallRecord("mbind/BIND/cut=first/backing=thp", "mbind", args, 0, null, List.of(),
                                ThpPlacement.of(basePages, List.of()))));
        Path file = dir.resolve("thp.json");
        SnapshotFiles.write(withThp, file, false);
        String text = Files.readString(file);
        assertThat(text.indexOf("\"thp\" : {")).as("only THP records have one").isGreaterThan(text.indexOf("\"id\" : \"mbind/BIND/backing=thp\""));
        assertThat(text).contains("\"anonHugePagesKb\" : {\n", "\"smaps\" : \"unreadable\"",
                "{\n            \"hugePage\" : 1,\n            \"node\" : 0,\n            \"pages\" : 1\n          }");
        assertThat(text.indexOf("\"anonHugePagesKb\"")).isEqualTo(text.lastIndexOf("\"anonHugePagesKb\"")); // absent where unread
        assertThat(SnapshotFiles.read(file)).isEqualTo(withThp);
        assertThat(SnapshotFiles.toCanonicalJson(SnapshotFiles.read(file))).isEqualTo(text);
    }

    @Test
    void refusesToOverwriteWithoutBeingAsked() throws IOException {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "keep me");
        assertThatThrownBy(() -> SnapshotFiles.write(sample(), file, false)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEqualTo("keep me");
        SnapshotFiles.write(sample(), file, true);
        assertThat(Files.readString(file)).contains("hmsabi-snapshot/1");
        try (var listing = Files.list(dir)) {
            assertThat(listing).hasSize(1); // no temporary file left behind
        }
    }

    @Test
    void corruptOrForeignFilesAreBadInputNamingTheFile() throws IOException {
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, SnapshotFiles.toCanonicalJson(sample()).substring(0, 200));
        assertThatThrownBy(() -> SnapshotFiles.read(truncated)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(truncated.toString()).hasMessageContaining("corrupt");

        Path foreign = dir.resolve("foreign.json");
        Files.writeString(foreign, "{\"schema\":\"other/9\"}");
        assertThatThrownBy(() -> SnapshotFiles.read(foreign)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("other/9");

        Path array = dir.resolve("array.json");
        Files.writeString(array, "[1,2]");
        assertThatThrownBy(() -> SnapshotFiles.read(array)).isInstanceOf(BadInputException.class);
    }

    @Test
    void aThpPlacementNamesItsFirstRunsAndCountsTheRest() {
        List<Integer> alternating = new java.util.ArrayList<>();
        for (int page = 0; page < ThpPlacement.BASE_PAGES; page++) {
            alternating.add(page % 2); // a guest's worst case: every base page a run of its own
        }
        String text = ThpPlacement.of(alternating, List.of(2048, 0)).describe();
        assertThat(text).startsWith("THP split 2048->0 kB; 1 on node 0, 1 on node 1")
                .endsWith("; and " + (ThpPlacement.BASE_PAGES - ThpPlacement.MAX_RUNS_NAMED) + " more runs")
                .hasSizeLessThan(400);
    }
}
