package org.hmsabi.cxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The cxl tool's output is guest output: a region's JSON is taken strictly or not at all. */
class CxlToolTest {
    /** The shape of what ndctl 81's create-region prints (util_cxl_region_to_json on stdout, then its log line on stderr). */
    private static final String CREATED = """
            {
              "region":"region1",
              "resource":4563402752,
              "size":268435456,
              "type":"ram",
              "interleave_ways":1,
              "interleave_granularity":256,
              "decode_state":"commit",
              "mappings":[
                {
                  "position":0,
                  "memdev":"mem0",
                  "decoder":"decoder2.0"
                }
              ]
            }
            cxl region: cmd_create_region: created 1 region
            """;

    @Test
    void aCreatedRegionIsReadWithTheToolsLogLine() {
        CxlTool.Region region = CxlTool.parseRegion(CREATED, "create-region");

        assertThat(region).isEqualTo(new CxlTool.Region("region1", 268435456L, 1, 256, Optional.of("ram"), Optional.of("commit")));
    }

    @Test
    void aListedRegionMayBeAnArrayOfOne() {
        String listed = "[\n" + CREATED.substring(0, CREATED.indexOf("cxl region:")) + "]\n";

        assertThat(CxlTool.parseRegion(listed, "list").name()).isEqualTo("region1");
        assertThatThrownBy(() -> CxlTool.parseRegion("[]", "list")).hasMessage("cxl list listed 0 regions, expected one");
    }

    @Test
    void anythingButTheToolsLogLinesAroundTheJsonIsRefused() {
        assertThatThrownBy(() -> CxlTool.parseRegion(CREATED + "rm -rf /\n", "create-region"))
                .hasMessage("cxl create-region printed an unexpected line: rm -rf /");
        assertThatThrownBy(() -> CxlTool.parseRegion("garbage\n" + CREATED, "create-region"))
                .hasMessageStartingWith("cxl create-region printed an unexpected line: garbage");
        assertThatThrownBy(() -> CxlTool.parseRegion("cxl region: cmd_create_region: created 0 regions\n", "create-region"))
                .hasMessageStartingWith("cxl create-region printed no JSON");
    }

    @Test
    void malformedOrIncompleteJsonIsRefusedNamingTheField() {
        assertThatThrownBy(() -> CxlTool.parseRegion("{\"region\":\"region1\",", "create-region"))
                .hasMessageStartingWith("cxl create-region printed malformed JSON");
        assertThatThrownBy(() -> CxlTool.parseRegion(CREATED.replace("\"size\":268435456,", ""), "create-region"))
                .hasMessage("cxl create-region: 'size' is absent");
        assertThatThrownBy(() -> CxlTool.parseRegion(CREATED.replace("268435456", "\"256M\""), "create-region"))
                .hasMessage("cxl create-region: 'size' is no non-negative integer");
        assertThatThrownBy(() -> CxlTool.parseRegion(CREATED.replace("\"region1\"", "\"../../etc\""), "create-region"))
                .hasMessage("cxl create-region names no region (regionN)");
        assertThatThrownBy(() -> CxlTool.parseRegion(CREATED.replace("\"type\":\"ram\",", "\"type\":\"ram\",\"type\":\"pmem\","), "create-region"))
                .hasMessageStartingWith("cxl create-region printed malformed JSON");
    }

    @Test
    void outputBeyondTheLimitIsRefused() {
        String huge = CREATED + "cxl region: x\n".repeat(CxlTool.OUTPUT_LIMIT / 10);

        assertThatThrownBy(() -> CxlTool.parseRegion(huge, "create-region"))
                .hasMessage("cxl create-region printed more than " + CxlTool.OUTPUT_LIMIT + " bytes");
    }

    @Test
    void thePathsAgreeOnlyWhenEveryFactIsAlike() {
        TreeMap<String, String> sysfs = new TreeMap<>();
        sysfs.put("region size", "0x10000000");
        sysfs.put("dax target_node", "2");
        TreeMap<String, String> tool = new TreeMap<>(sysfs);

        assertThat(CxlExpanderScenario.differences(sysfs, tool)).isEmpty();

        tool.put("dax target_node", "3");
        tool.put("node3 memory blocks online", "2");
        assertThat(CxlExpanderScenario.differences(sysfs, tool)).containsExactly(
                "dax target_node: 2 through sysfs, 3 through the cxl tool",
                "node3 memory blocks online: absent through sysfs, 2 through the cxl tool");
    }
}
