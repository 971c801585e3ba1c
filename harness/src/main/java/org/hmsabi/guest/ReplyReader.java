package org.hmsabi.guest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Splits the agent's byte stream into replies. Everything the guest sends is untrusted: lines
 * without the {@value #MARKER} marker are noise and skipped, a line longer than the bound is
 * dropped whole (and counted), and a marked line that is not a JSON object is counted as
 * malformed rather than thrown at the caller.
 */
public final class ReplyReader {
    public static final String MARKER = "@hms ";
    /** A 256 KiB file value escaped six bytes per byte at worst, plus the envelope. */
    public static final int DEFAULT_MAX_LINE = 2 * 1024 * 1024;

    private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InputStream in;
    private final int maxLine;
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int position;
    private int limit;
    private boolean oversized;
    private long noiseLines;
    private long droppedLines;
    private long malformedLines;

    public ReplyReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** The next well-formed reply, or empty at end of stream. */
    public Optional<AgentReply> next() throws IOException {
        while (true) {
            Optional<byte[]> raw = nextLine();
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            Optional<AgentReply> reply = parse(raw.get());
            if (reply.isPresent()) {
                return reply;
            }
        }
    }

    private Optional<AgentReply> parse(byte[] raw) {
        if (!startsWithMarker(raw)) {
            noiseLines++;
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(raw, MARKER_BYTES.length, raw.length - MARKER_BYTES.length);
            if (json != null && json.isObject()) {
                return Optional.of(AgentReply.of(json, AgentReply.summary(raw, MARKER_BYTES.length)));
            }
        } catch (JsonProcessingException malformed) {
            // counted below
        } catch (IOException unexpected) {
            // a byte array cannot fail to read; treat as malformed
        }
        malformedLines++;
        return Optional.empty();
    }

    private static boolean startsWithMarker(byte[] raw) {
        if (raw.length < MARKER_BYTES.length) {
            return false;
        }
        for (int i = 0; i < MARKER_BYTES.length; i++) {
            if (raw[i] != MARKER_BYTES[i]) {
                return false;
            }
        }
        return true;
    }

    /** The next line within the bound (without its newline); over-long lines are skipped. */
    private Optional<byte[]> nextLine() throws IOException {
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return Optional.empty();
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            boolean complete = position < limit;
            if (!oversized) {
                line.write(buffer, start, position - start);
                if (line.size() > maxLine) {
                    oversized = true;
                    line.reset();
                }
            }
            if (complete) {
                position++;
                if (oversized) {
                    oversized = false;
                    droppedLines++;
                    continue;
                }
                byte[] result = line.toByteArray();
                line.reset();
                return Optional.of(result);
            }
        }
    }

    public long noiseLines() {
        return noiseLines;
    }

    public long droppedLines() {
        return droppedLines;
    }

    public long malformedLines() {
        return malformedLines;
    }
}
