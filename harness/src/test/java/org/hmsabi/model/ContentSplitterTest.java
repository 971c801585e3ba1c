package org.hmsabi.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentSplitterTest {

    @Test
    void meminfoRowsLoseTheNodePrefixAndTheColon() {
        Map<String, String> rows = ContentSplitter.table(
                "Node 0 MemTotal:         507720 kB\nNode 0 MemFree:          480000 kB\nNode 0 HugePages_Total:     0\n");
        assertThat(rows).containsEntry("MemTotal", "507720 kB").containsEntry("MemFree", "480000 kB")
                .containsEntry("HugePages_Total", "0").hasSize(3);
    }

    @Test
    void vmstatRowsAndRepeatedKeys() {
        Map<String, String> rows = ContentSplitter.table("nr_free_pages 100\nnuma_hit 5\nnuma_hit 6\n\n");
        assertThat(rows).containsEntry("nr_free_pages", "100").containsEntry("numa_hit", "5").containsEntry("numa_hit#2", "6");
    }

    @Test
    void zoneinfoKeepsTheLayoutFieldsPerNodeAndZone() {
        String zoneinfo = String.join("\n",
                "Node 0, zone      DMA",
                "  per-node stats",
                "      nr_inactive_anon 0",
                "  pages free     3968",
                "        min      33",
                "        spanned  4095",
                "        present  3998",
                "        managed  3840",
                "      nr_free_pages 3840",
                "  start_pfn:           1",
                "Node 2, zone   Normal",
                "  pages free     30000",
                "        spanned  32768",
                "        present  32768",
                "        managed  32000",
                "  start_pfn:           1048576",
                "");
        Map<String, String> rows = ContentSplitter.zoneinfo(zoneinfo);
        assertThat(rows).containsEntry("node0/DMA/spanned", "4095").containsEntry("node0/DMA/present", "3998")
                .containsEntry("node0/DMA/managed", "3840").containsEntry("node0/DMA/start_pfn", "1")
                .containsEntry("node2/Normal/present", "32768").containsEntry("node2/Normal/start_pfn", "1048576")
                .doesNotContainKey("node0/DMA/min").hasSize(8);
    }
}
