package org.hmsabi.guest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** One request line to the agent (vm-images/agent/PROTOCOL.md): id, operation, arguments, TAB-separated. */
public record AgentRequest(int id, String op, List<String> args) {

    public AgentRequest {
        args = List.copyOf(args);
        if (id <= 0) {
            throw new IllegalArgumentException("request ids start at 1: " + id);
        }
        for (String field : concat(op, args)) {
            if (field.indexOf('\t') >= 0 || field.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("agent request fields cannot hold TAB or newline: " + field);
            }
        }
    }

    private static List<String> concat(String op, List<String> args) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(op), args.stream()).toList();
    }

    public byte[] line() {
        StringBuilder line = new StringBuilder().append(id).append('\t').append(op);
        args.forEach(arg -> line.append('\t').append(arg));
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
