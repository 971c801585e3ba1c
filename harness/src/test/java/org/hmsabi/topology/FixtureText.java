package org.hmsabi.topology;

import org.hmsabi.BadInputException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixture text for tests, and the one-line rejection it earns. */
final class FixtureText {

    static final String SOURCE = "fixtures/topologies/bad.yaml";
    static final String NAME = "bad";

    /** Two sockets and two HBM nodes, valid; tests append or replace sections. */
    static final String NODES = """
            nodes:
              - {id: 0, cpus: 1, memory: 512M}
              - {id: 1, cpus: 1, memory: 512M}
              - {id: 2, memory: 128M, initiator: 0}
              - {id: 3, memory: 128M, initiator: 1}
            """;

    /** Complete HMAT for {@link #NODES}. */
    static final String HMAT = """
            hmat:
              - {initiator: 0-1, target: 0-3, latency: 100ns, bandwidth: 10GiB/s}
            """;

    private FixtureText() {
    }

    static Topology parse(String yaml) {
        return TopologyLoader.parse(yaml, SOURCE, NAME);
    }

    /** Parses without the machine checks, for invalid machines. */
    static Topology assemble(String yaml) {
        return TopologyLoader.assemble(yaml, SOURCE, NAME);
    }

    /** The message a rejected fixture gets; fails the test if it is accepted. */
    static String rejection(String yaml) {
        String[] message = new String[1];
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(BadInputException.class)
                .satisfies(error -> message[0] = error.getMessage());
        return message[0];
    }
}
