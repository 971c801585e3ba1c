package org.hmsabi.guest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One reply line from the agent, already parsed as JSON. Accessors never trust the shape: a
 * field of the wrong type reads as absent.
 */
public record AgentReply(JsonNode json) {

    public int id() {
        JsonNode id = json.get("id");
        return id != null && id.canConvertToInt() ? id.intValue() : -1;
    }

    public String op() {
        return text("op").orElse("");
    }

    /** True for the last reply to a request. */
    public boolean isEnd() {
        JsonNode end = json.get("end");
        return end != null && end.isBoolean() && end.booleanValue();
    }

    public Optional<String> text(String field) {
        JsonNode node = json.get(field);
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    public Optional<Long> number(String field) {
        JsonNode node = json.get(field);
        return node != null && node.canConvertToLong() ? Optional.of(node.longValue()) : Optional.empty();
    }

    public boolean flag(String field) {
        JsonNode node = json.get(field);
        return node != null && node.isBoolean() && node.booleanValue();
    }

    /** The symbolic errno (e.g. {@code EACCES}) if the agent reported one. */
    public Optional<String> error() {
        return text("error");
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
