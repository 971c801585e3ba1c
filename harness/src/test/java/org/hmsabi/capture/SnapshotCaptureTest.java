package org.hmsabi.capture;

import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.spec.AbiSpec;
import org.hmsabi.spec.ValueClass;
import org.junit.jupiter.api.Test;

/** How agent replies become snapshot entries, classified by the bundled spec. */
class SnapshotCaptureTest {
    private final SnapshotCapture capture = new SnapshotCapture(AbiSpec.bundled());
    private final ObjectMapper json = new ObjectMapper();

    /** A tree entry (or, with {@code "op":"read"}, a read) as the agent sends it. */
    private AgentReply.PathReply reply(String text) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(text);
        node.putIfAbsent("op", node.textNode("entry"));
        return (AgentReply.PathReply) AgentReply.of(node);
    }

    @Test
    void configFilesKeepTheirValue() throws IOException {
        Entry entry = capture.entryOf("/sys/devices/system/node/node0/distance",
                reply("{\"op\":\"entry\",\"type\":\"file\",\"mode\":\"0444\",\"value\":\"10 21\\n\"}"));
        assertThat(entry).isEqualTo(new Entry.File("0444", new Cell.Value(ValueClass.CONFIG, "10 21\n")));
    }

    @Test
    void meminfoKeepsMemTotalAndOnlyTheFormatOfCounters() throws IOException {
        Entry entry = capture.entryOf("/sys/devices/system/node/node1/meminfo",
                reply("{\"type\":\"file\",\"mode\":\"0444\",\"value\":\"Node 1 MemTotal: 5000 kB\\nNode 1 MemFree: 4123 kB\\n\"}"));
        assertThat(entry).isInstanceOfSatisfying(Entry.Table.class, table -> {
            assertThat(table.rows().get("MemTotal")).isEqualTo(new Cell.Value(ValueClass.DETERMINISTIC, "5000 kB"));
            assertThat(table.rows().get("MemFree")).isEqualTo(new Cell.Volatile("<int> kB"));
        });
    }

    @Test
    void linksWriteOnlyAndUnreadableFiles() throws IOException {
        assertThat(capture.entryOf("/p", reply("{\"type\":\"link\",\"target\":\"../../cpu/cpu0\"}")))
                .isEqualTo(new Entry.Link("../../cpu/cpu0"));
        assertThat(capture.entryOf("/p", reply("{\"type\":\"file\",\"mode\":\"0200\"}")))
                .isEqualTo(new Entry.WriteOnly("0200"));
        assertThat(capture.entryOf("/p", reply("{\"type\":\"file\",\"mode\":\"0444\",\"errno\":5,\"error\":\"EIO\"}")))
                .isEqualTo(new Entry.Unreadable("0444", "EIO"));
        assertThat(capture.entryOf("/p", reply("{\"type\":\"dir\",\"mode\":\"0755\"}")))
                .isEqualTo(new Entry.Directory("0755"));
    }

    @Test
    void pathsTheSpecDoesNotKnowAreComparedByValue() throws IOException {
        Entry entry = capture.entryOf("/sys/devices/system/node/node0/x86/brand_new",
                reply("{\"type\":\"file\",\"mode\":\"0444\",\"value\":\"7\\n\"}"));
        assertThat(entry).isEqualTo(new Entry.File("0444", new Cell.Value(ValueClass.DETERMINISTIC, "7\n")));
    }
}
