package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The agent's stream is untrusted: noise, truncation, binary and oversized lines must never break the reader. */
class ReplyReaderTest {

    private static List<AgentReply> readAll(byte[] stream, int maxLine) throws IOException {
        ReplyReader reader = new ReplyReader(new ByteArrayInputStream(stream), maxLine);
        List<AgentReply> replies = new ArrayList<>();
        Optional<AgentReply> reply;
        while ((reply = reader.next()).isPresent()) {
            replies.add(reply.get());
        }
        return replies;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsMarkedRepliesAndSkipsBootNoise() throws IOException {
        byte[] stream = ascii("[    1.2] Run /init as init process\n"
                + "@hms {\"id\":0,\"op\":\"hello\",\"release\":\"6.1.0-56-amd64\",\"end\":true}\n"
                + "garbage @hms {\"id\":9}\n"
                + "@hms {\"id\":1,\"op\":\"read\",\"path\":\"/x\",\"value\":\"0-1\\n\",\"end\":true}\n");
        List<AgentReply> replies = readAll(stream, 1024);
        assertThat(replies).extracting(AgentReply::id).containsExactly(0, 1);
        assertThat(replies.get(0)).isInstanceOfSatisfying(AgentReply.Hello.class, hello -> assertThat(hello.release()).isEqualTo("6.1.0-56-amd64"));
        assertThat(replies.get(1)).isInstanceOfSatisfying(AgentReply.Read.class, read -> assertThat(read.value()).contains("0-1\n"));
        assertThat(replies.get(1).isEnd()).isTrue();
    }

    @Test
    void dropsOversizedLinesWholeAndResynchronises() throws IOException {
        String huge = "@hms {\"id\":1,\"value\":\"" + "x".repeat(5000) + "\",\"end\":true}\n";
        byte[] stream = ascii(huge + "@hms {\"id\":2,\"op\":\"read\",\"end\":true}\n");
        ReplyReader reader = new ReplyReader(new ByteArrayInputStream(stream), 1024);
        assertThat(reader.next()).map(AgentReply::id).contains(2);
        assertThat(reader.droppedLines()).isEqualTo(1);
    }

    @Test
    void countsMalformedJsonWithoutThrowing() throws IOException {
        byte[] stream = ascii("@hms {\"id\":1,\"op\"\n@hms [1,2]\n@hms {\"id\":3,\"end\":true}\n");
        ReplyReader reader = new ReplyReader(new ByteArrayInputStream(stream), 1024);
        assertThat(reader.next()).map(AgentReply::id).contains(3);
        assertThat(reader.malformedLines()).isEqualTo(2);
    }

    @Test
    void aTruncatedFinalLineIsNotAReply() throws IOException {
        byte[] stream = ascii("@hms {\"id\":1,\"end\":true}\n@hms {\"id\":2,\"op\":\"re");
        assertThat(readAll(stream, 1024)).extracting(AgentReply::id).containsExactly(1);
    }

    @Test
    void fieldsOfTheWrongTypeReadAsAbsent() throws IOException {
        AgentReply reply = readAll(ascii("@hms {\"id\":\"one\",\"op\":\"read\",\"end\":\"yes\",\"value\":7,\"mode\":[1]}\n"), 1024).get(0);
        assertThat(reply.id()).isEqualTo(-1);
        assertThat(reply.isEnd()).isFalse();
        assertThat(reply).isInstanceOfSatisfying(AgentReply.Read.class, read -> {
            assertThat(read.value()).isEmpty();
            assertThat(read.mode()).isEmpty();
        });
    }

    @Test
    void survivesAStreamThatEndsMidLineAfterManyBytesWithoutNewline() throws IOException {
        byte[] noise = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            if (noise[i] == '\n') {
                noise[i] = 'x';
            }
        }
        assertThat(readAll(noise, 1024)).isEmpty();
    }

    @Test
    void aReplysSummaryIsItsLineAsSentBoundedAndPrintable() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(ascii("@hms {\"id\":7,\"op\":\"read\",\"value\":\""));
        stream.writeBytes(new byte[] {(byte) 0xc3, (byte) 0xa9});
        stream.writeBytes(ascii("\",\"end\":true}\n@hms {\"id\":8,\"op\":\"read\",\"value\":\"" + "x".repeat(1000) + "\",\"end\":true}\n"));
        List<AgentReply> replies = readAll(stream.toByteArray(), 4096);
        assertThat(replies).extracting(reply -> reply.header().summary())
                .containsExactly("{\"id\":7,\"op\":\"read\",\"value\":\"??\",\"end\":true}",
                        ("{\"id\":8,\"op\":\"read\",\"value\":\"" + "x".repeat(1000)).substring(0, AgentReply.SUMMARY_LENGTH) + "...");
    }

    @Property(tries = 200)
    void arbitraryBytesNeverThrowAndOnlyMarkedObjectsComeOut(@ForAll byte[] garbage) throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(garbage);
        stream.writeBytes(ascii("\n@hms {\"id\":42,\"end\":true}\n"));
        List<AgentReply> replies = readAll(stream.toByteArray(), 4096);
        assertThat(replies).isNotEmpty();
        assertThat(replies).allSatisfy(reply -> assertThat(reply.header().summary()).startsWith("{"));
        assertThat(replies.get(replies.size() - 1).id()).isEqualTo(42);
    }

    @Test
    void readsFromAStreamThatDeliversOneByteAtATime() throws IOException {
        byte[] data = ascii("@hms {\"id\":5,\"end\":true}\n");
        InputStream trickle = new InputStream() {
            int next;

            @Override
            public int read() {
                return next < data.length ? data[next++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next >= data.length) {
                    return -1;
                }
                b[off] = data[next++];
                return 1;
            }
        };
        assertThat(new ReplyReader(trickle, 1024).next()).map(AgentReply::id).contains(5);
    }
}
