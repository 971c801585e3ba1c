package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replies to mempolicy requests are parsed defensively: anything odd is a problem, never a verdict. */
class MempolicyOutcomeTest {
    private static MempolicyOutcome parse(String json) throws Exception {
        return MempolicyOutcome.of(AgentReply.of(new ObjectMapper().readTree(json)));
    }

    @Test
    void aCleanReply() throws Exception {
        MempolicyOutcome o = parse("{\"id\":3,\"op\":\"mempolicy\",\"call\":\"mbind\",\"result\":0,\"pages\":[2,2,-2],\"end\":true}");
        assertThat(o.isClean()).isTrue();
        assertThat(o.result()).isZero();
        assertThat(o.errno()).isEmpty();
        assertThat(o.pages()).containsExactly(2, 2, -2);
    }

    @Test
    void aFailedCall() throws Exception {
        MempolicyOutcome o = parse("{\"id\":3,\"op\":\"mempolicy\",\"result\":-1,\"errno\":22,\"error\":\"EINVAL\",\"end\":true}");
        assertThat(o.errno()).contains("EINVAL");
        assertThat(o.result()).isEqualTo(-1);
    }

    @Test
    void getMempolicyOutput() throws Exception {
        MempolicyOutcome o = parse("{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"policy\":3,\"nodes\":[0,2],\"end\":true}");
        assertThat(o.policy()).isEqualTo(Optional.of(3));
        assertThat(o.nodes()).isEqualTo(List.of(0, 2));
    }

    @Test
    void aKsmRangesMerge() throws Exception {
        MempolicyOutcome o = parse("{\"id\":3,\"op\":\"mempolicy\",\"call\":\"migrate_pages\",\"result\":0,\"pages\":[2,2],"
                + "\"ksm\":[2,2],\"ksmWait\":\"merged\",\"ksmWaitMs\":140,\"ksmCount\":\"smaps\",\"end\":true}");
        assertThat(o.isClean()).isTrue();
        assertThat(o.ksm()).contains(new KsmMerge(2, 2, KsmMerge.Wait.MERGED, 140, KsmMerge.Count.SMAPS));
        assertThat(parse("{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"ksm\":[0,-1],\"ksmWait\":\"gave-up\",\"ksmWaitMs\":20000,"
                + "\"ksmCount\":\"kpageflags\",\"end\":true}").ksm()).contains(new KsmMerge(0, -1, KsmMerge.Wait.GAVE_UP, 20000,
                KsmMerge.Count.KPAGEFLAGS));
        assertThat(parse("{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"end\":true}").ksm()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"ksm\":[2],\"ksmWait\":\"merged\",\"ksmWaitMs\":1,\"ksmCount\":\"smaps\",\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"ksm\":[2,2],\"ksmWait\":\"done\",\"ksmWaitMs\":1,\"ksmCount\":\"smaps\",\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"ksm\":[2,2],\"ksmWait\":\"merged\",\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"ksm\":[2,2],\"ksmWait\":\"merged\",\"ksmWaitMs\":-5,\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"ksm\":[-7,2],\"ksmWait\":\"merged\",\"ksmWaitMs\":1,\"ksmCount\":\"smaps\",\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"ksm\":[2,2],\"ksmWait\":\"merged\",\"ksmWaitMs\":1,\"ksmCount\":\"x\",\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"ksm\":[2,2],\"ksmWait\":\"merged\",\"ksmWaitMs\":1,\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"ksmWait\":\"merged\",\"end\":true}"})
    void malformedKsmFieldsAreProblems(String json) throws Exception {
        assertThat(parse(json).problem()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":3,\"op\":\"read\",\"result\":0,\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"errno\":22,\"error\":\"EINVAL\",\"message\":\"bad argument\",\"arg\":\"x\",\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":\"0\",\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":1.5,\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":99999999999999999999999,\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"pages\":\"0,1\",\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"pages\":[0,\"x\"],\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"pages\":[0,4294967296],\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"policy\":\"BIND\",\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"error\":\"EINVAL\",\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"result\":-1,\"end\":true}",
            "{\"id\":3,\"op\":\"mempolicy\",\"preludeErrno\":22,\"end\":true}",
            "[1,2,3]"})
    void hostileOrBrokenRepliesAreProblems(String json) throws Exception {
        assertThat(parse(json).problem()).isPresent();
    }

    @Test
    void tooManyPagesIsAProblem() throws Exception {
        StringBuilder pages = new StringBuilder("[0");
        for (int i = 0; i < AgentReply.MAX_PAGES; i++) {
            pages.append(",0");
        }
        assertThat(parse("{\"id\":3,\"op\":\"mempolicy\",\"result\":0,\"pages\":" + pages + "],\"end\":true}").problem()).isPresent();
    }
}
