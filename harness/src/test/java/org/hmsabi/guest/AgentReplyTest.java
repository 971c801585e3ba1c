package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class AgentReplyTest {
    private static AgentReply parse(String json) throws IOException {
        return AgentReply.of(new ObjectMapper().readTree(json));
    }

    @Test
    void everyOpOfTheProtocolHasItsOwnType() throws IOException {
        assertThat(parse("{\"id\":0,\"op\":\"hello\",\"release\":\"7.3.4+deb13-amd64\",\"transport\":\"vport0p1\",\"end\":true}"))
                .isEqualTo(new AgentReply.Hello(header(0, "hello", true, null,
                        "{\"id\":0,\"op\":\"hello\",\"release\":\"7.3.4+deb13-amd64\",\"transport\":\"vport0p1\",\"end\":true}"),
                        "7.3.4+deb13-amd64", "vport0p1"));
        assertThat(parse("{\"id\":1,\"op\":\"read\",\"path\":\"/p\",\"mode\":\"0444\",\"value\":\"x\\n\",\"truncated\":false,\"end\":true}"))
                .isInstanceOfSatisfying(AgentReply.Read.class, read -> {
                    assertThat(read.path()).isEqualTo("/p");
                    assertThat(read.value()).contains("x\n");
                    assertThat(read.type()).isEqualTo("file");
                    assertThat(read.isEnd()).isTrue();
                });
        assertThat(parse("{\"id\":2,\"op\":\"entry\",\"path\":\"/d/l\",\"type\":\"link\",\"target\":\"../x\"}"))
                .isInstanceOfSatisfying(AgentReply.Entry.class, entry -> {
                    assertThat(entry.type()).isEqualTo("link");
                    assertThat(entry.target()).contains("../x");
                    assertThat(entry.isEnd()).isFalse();
                });
        assertThat(parse("{\"id\":2,\"op\":\"done\",\"count\":3,\"end\":true}"))
                .isInstanceOfSatisfying(AgentReply.Done.class, done -> assertThat(done.count()).isEqualTo(3));
        assertThat(parse("{\"id\":3,\"op\":\"write\",\"path\":\"/w\",\"errno\":13,\"error\":\"EACCES\",\"end\":true}"))
                .isInstanceOfSatisfying(AgentReply.Write.class, write -> assertThat(write.error()).contains("EACCES"));
        assertThat(parse("{\"id\":4,\"op\":\"run\",\"status\":0,\"output\":\"ok\",\"truncated\":false,\"timeout\":false,\"end\":true}"))
                .isInstanceOfSatisfying(AgentReply.Run.class, run -> {
                    assertThat(run.status()).isZero();
                    assertThat(run.output()).isEqualTo("ok");
                });
        assertThat(parse("{\"id\":5,\"op\":\"mempolicy\",\"call\":\"mbind\",\"result\":0,\"pages\":[2,2],\"end\":true}"))
                .isInstanceOfSatisfying(AgentReply.Mempolicy.class, call -> {
                    assertThat(call.result()).contains(0L);
                    assertThat(call.pages()).containsExactly(2, 2);
                    assertThat(call.wellFormed()).isTrue();
                });
        assertThat(parse("{\"id\":6,\"op\":\"poweroff\",\"ok\":true,\"end\":true}")).isInstanceOf(AgentReply.PowerOff.class);
        assertThat(parse("{\"id\":0,\"op\":\"error\",\"errno\":7,\"error\":\"E2BIG\",\"message\":\"request line too long\",\"end\":true}"))
                .isInstanceOfSatisfying(AgentReply.Refused.class, refused -> {
                    assertThat(refused.message()).isEqualTo("request line too long");
                    assertThat(refused.error()).contains("E2BIG");
                });
        assertThat(parse("{\"id\":7,\"op\":\"frobnicate\",\"errno\":22,\"error\":\"EINVAL\",\"end\":true}")).isInstanceOf(AgentReply.Other.class);
        assertThat(parse("{\"id\":8}")).isInstanceOf(AgentReply.Other.class);
    }

    @Test
    void fieldsOfTheWrongShapeReadAsAbsentOrMalformed() throws IOException {
        assertThat(parse("{\"id\":1.5,\"op\":\"run\",\"status\":\"0\",\"output\":7,\"end\":1}"))
                .isInstanceOfSatisfying(AgentReply.Run.class, run -> {
                    assertThat(run.id()).isEqualTo(-1);
                    assertThat(run.status()).isEqualTo(-1);
                    assertThat(run.output()).isEmpty();
                    assertThat(run.isEnd()).isFalse();
                });
        assertThat(parse("{\"id\":1,\"op\":\"mempolicy\",\"result\":0,\"pages\":[1,\"2\"],\"end\":true}"))
                .isInstanceOfSatisfying(AgentReply.Mempolicy.class, call -> assertThat(call.wellFormed()).isFalse());
        assertThat(parse("{\"id\":1,\"op\":\"mempolicy\",\"result\":0,\"nodes\":" + "[0,".repeat(AgentReply.MAX_MASK_IDS).replace("[", "")
                .transform(ids -> "[" + ids + "0]") + ",\"end\":true}"))
                .isInstanceOfSatisfying(AgentReply.Mempolicy.class, call -> assertThat(call.wellFormed()).isFalse());
    }

    @Test
    void theSummaryForMessagesIsBounded() throws IOException {
        AgentReply reply = parse("{\"id\":1,\"op\":\"read\",\"value\":\"" + "x".repeat(100_000) + "\",\"end\":true}");
        assertThat(reply.header().summary()).hasSize(AgentReply.SUMMARY_LENGTH + 3);
    }

    private static AgentReply.Header header(int id, String op, boolean end, String error, String summary) {
        return new AgentReply.Header(id, op, end, java.util.Optional.ofNullable(error), summary);
    }
}
