package org.hmsabi.cxl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.spec.ValueClass;
import org.hmsabi.topology.ShippedFixtures;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class CxlTopologySvgTest {
    private static final String D = "/sys/bus/cxl/devices/";

    /** One host bridge, one root port, one 256 MiB memdev with its endpoint, a committed region on node 2, as sysfs shows them. */
    private static SortedMap<String, Entry> bus() {
        SortedMap<String, Entry> sysfs = new TreeMap<>();
        dir(sysfs, "root0");
        file(sysfs, "root0/devtype", "cxl_port");
        dir(sysfs, "port1");
        file(sysfs, "port1/devtype", "cxl_port");
        sysfs.put(D + "port1/uport", new Entry.Link("../../../../pci0000:0c"));
        sysfs.put(D + "port1/dport0", new Entry.Link("../../../../pci0000:0c/0000:0c:00.0"));
        dir(sysfs, "endpoint2");
        sysfs.put(D + "endpoint2/uport", new Entry.Link("../../../../../pci0000:0c/0000:0c:00.0/0000:0d:00.0/mem0"));
        sysfs.put(D + "endpoint2/parent_dport", new Entry.Link("../../../../../pci0000:0c/0000:0c:00.0"));
        dir(sysfs, "mem0");
        file(sysfs, "mem0/ram/size", "0x10000000");
        file(sysfs, "mem0/pmem/size", "0x0");
        decoder(sysfs, "decoder0.0", "cxl_decoder_root");
        file(sysfs, "decoder0.0/start", "0x110000000");
        file(sysfs, "decoder0.0/size", "0x100000000");
        decoder(sysfs, "decoder1.0", "cxl_decoder_switch");
        file(sysfs, "decoder1.0/region", "region0");
        decoder(sysfs, "decoder2.0", "cxl_decoder_endpoint");
        file(sysfs, "decoder2.0/mode", "ram");
        file(sysfs, "decoder2.0/dpa_size", "0x0000000010000000");
        file(sysfs, "decoder2.0/region", "region0");
        decoder(sysfs, "decoder2.1", "cxl_decoder_endpoint");
        file(sysfs, "decoder2.1/mode", "none");
        file(sysfs, "decoder2.1/region", "");
        dir(sysfs, "region0");
        file(sysfs, "region0/mode", "ram");
        file(sysfs, "region0/size", "0x10000000");
        file(sysfs, "region0/commit", "1");
        file(sysfs, "region0/target0", "decoder2.0");
        file(sysfs, "region0/access0/read_latency", "302");
        file(sysfs, "region0/access0/read_bandwidth", "16000");
        sysfs.put("/sys/devices/system/node/node2/cpulist", new Entry.File("0444", new Cell.Value(ValueClass.CONFIG, "\n")));
        return sysfs;
    }

    private static void dir(SortedMap<String, Entry> sysfs, String device) {
        sysfs.put(D + device, new Entry.Directory("0755"));
    }

    private static void decoder(SortedMap<String, Entry> sysfs, String name, String devtype) {
        dir(sysfs, name);
        file(sysfs, name + "/devtype", devtype);
    }

    private static void file(SortedMap<String, Entry> sysfs, String path, String value) {
        sysfs.put(D + path, new Entry.File("0444", new Cell.Value(ValueClass.DETERMINISTIC, value + "\n")));
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyLevelFromTheHostBridgeToTheNodeIsDrawnAndJoined() throws Exception {
        String svg = CxlTopologySvg.render(bus(), OptionalInt.of(2));

        Document document = parse(svg);
        assertThat(document.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(svg).contains(">port1<", "host bridge pci0000:0c", "decoder1.0 ", "→ region0", ">0000:0c:00.0<", "root port (dport0 of port1)",
                ">mem0<", "ram 256 MiB, pmem 0 MiB", "endpoint endpoint2", ">decoder2.0<", "endpoint decoder, mode ram",
                "dpa 256 MiB → region0", ">region0<", "ram 256 MiB, commit 1", "access0 302 ns, 16000 MB/s", ">node2<",
                "window decoder0.0 0x110000000 +4096 MiB", "1 unused endpoint decoder not shown");
        // host bridge → root port → memdev → endpoint decoder → region → node
        assertThat(document.getElementsByTagName("line").getLength()).isEqualTo(5);
        assertThat(svg).doesNotContain("decoder2.1<").doesNotContain("node2/cpulist");
    }

    @Test
    void noNodeIsDrawnWithoutARegion() {
        SortedMap<String, Entry> sysfs = bus();
        sysfs.keySet().removeIf(path -> path.startsWith(D + "region0"));
        assertThat(CxlTopologySvg.render(sysfs, OptionalInt.of(2))).doesNotContain(">node2<").contains(">mem0<");
    }

    @Test
    void whatTheGuestShowedIsBoundedAndEscapedNeverMarkup() throws Exception {
        SortedMap<String, Entry> sysfs = bus();
        file(sysfs, "region0/mode", "<script>alert('x')</script>&\u0007" + "y".repeat(500));
        sysfs.put(D + "port1/uport", new Entry.Link("../../<evil>/../../etc/passwd\"onload=x"));
        sysfs.put(D + "<svg onload=alert(1)>/devtype", new Entry.File("0444", new Cell.Value(ValueClass.CONFIG, "x")));
        sysfs.put(D + "../../etc/devtype", new Entry.File("0444", new Cell.Value(ValueClass.CONFIG, "x")));
        for (int i = 10; i < 30; i++) {
            dir(sysfs, "mem" + i);
        }

        String svg = CxlTopologySvg.render(sysfs, OptionalInt.of(2));

        parse(svg); // well-formed: nothing the guest said became markup
        assertThat(svg).doesNotContain("<script", "<evil", "onload=", "\u0007", "y".repeat(CxlTopologySvg.VALUE_CHARS + 1))
                .contains("&lt;script&gt;", "host bridge ?", "2 entries with names that are no CXL device names left out",
                        "+" + (21 - CxlTopologySvg.PER_ROW) + " more");
    }

    @Test
    void aRecordedAfterRegionGoldenFileIsDrawnWhole() throws Exception {
        Path golden = ShippedFixtures.directory().resolveSibling("golden").resolve("cxl-expander");
        Path file;
        try (Stream<Path> files = Files.list(golden)) {
            file = files.filter(f -> f.getFileName().toString().endsWith(".after-region.json")).sorted().findFirst().orElseThrow();
        }
        String svg = CxlTopologySvg.render(SnapshotFiles.read(file).sysfs(), OptionalInt.of(CxlNodes.windowNode(
                org.hmsabi.topology.TopologyLoader.load("cxl-expander", ShippedFixtures.directory()))));
        parse(svg);
        // The fixture's one 256 MiB device behind one root port, its region and its node: every level has a box.
        assertThat(svg).as(file.toString()).contains("host bridge pci", "root port (dport", "ram 256 MiB", "endpoint decoder, mode ram",
                "commit 1", ">node2<").doesNotContain("none shown");
    }
}
