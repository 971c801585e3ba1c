package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentRequestTest {

    @Test
    void isOneTabSeparatedLine() {
        AgentRequest request = new AgentRequest(7, "tree", List.of("/sys/devices/system/node", "4"));
        assertThat(new String(request.line(), StandardCharsets.UTF_8)).isEqualTo("7\ttree\t/sys/devices/system/node\t4\n");
    }

    @Test
    void refusesFieldsThatWouldBreakFraming() {
        assertThatThrownBy(() -> new AgentRequest(1, "read", List.of("/a\tb"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AgentRequest(1, "read", List.of("/a\nb"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AgentRequest(0, "hello", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
