package org.hmsabi.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers where each key of the fixture was read. Jackson binds records through their
 * constructor and therefore buffers a key it does not know until the end of the mapping; by
 * the time it reports the key, the buffer has lost the line. Looking the key up here by its
 * path gives the reader the line of the key itself.
 */
final class KeyLocations extends JsonParserDelegate {

    private final Map<String, JsonLocation> byPointer = new HashMap<>();

    KeyLocations(JsonParser parser) {
        super(parser);
    }

    // Jackson advances with any of these; the delegate forwards each straight to the YAML parser.

    @Override
    public JsonToken nextToken() throws IOException {
        return remember(super.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
        return remember(super.nextValue());
    }

    @Override
    public String nextFieldName() throws IOException {
        String name = super.nextFieldName();
        remember(currentToken());
        return name;
    }

    @Override
    public boolean nextFieldName(SerializableString expected) throws IOException {
        boolean matches = super.nextFieldName(expected);
        remember(currentToken());
        return matches;
    }

    private JsonToken remember(JsonToken token) {
        if (token == JsonToken.FIELD_NAME) {
            byPointer.put(getParsingContext().pathAsPointer().toString(), currentTokenLocation());
        }
        return token;
    }

    /** Where the key was read that Jackson's reference path ends with, if it was. */
    Optional<JsonLocation> of(List<JsonMappingException.Reference> path) {
        JsonPointer pointer = JsonPointer.empty();
        for (JsonMappingException.Reference reference : path) {
            pointer = reference.getFieldName() != null
                    ? pointer.appendProperty(reference.getFieldName())
                    : pointer.appendIndex(reference.getIndex());
        }
        return Optional.ofNullable(byPointer.get(pointer.toString()));
    }
}
