package org.hmsabi.cxl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.guest.AgentSession;
import org.hmsabi.guest.GuestTools;
import org.hmsabi.kernel.CxlToolPackages;

/**
 * ndctl's {@code cxl} tool in the guest (Debian trixie's, under /opt/cxl with its own loader,
 * {@link CxlToolPackages}), run through the agent. What it prints is guest output: at most
 * {@value #OUTPUT_LIMIT} bytes are looked at, and a region's JSON is parsed strictly
 * ({@link #parseRegion}): the one JSON value the command prints, every field this suite uses
 * present with the right type and within bounds, and besides it only the tool's own log lines.
 */
final class CxlTool {
    static final int OUTPUT_LIMIT = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern REGION = Pattern.compile("region[0-9]{1,6}");
    private static final Pattern LOG_LINE = Pattern.compile("cxl [a-z-]{1,20}: [A-Za-z0-9_ :,.()/-]{0,200}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);

    private final AgentSession session;

    CxlTool(AgentSession session) {
        this.session = session;
    }

    /** What one run of the tool gave: its exit status (or -1 where it did not start) and its output. */
    record Result(int status, String output) {
        boolean succeeded() {
            return status == 0;
        }

        /** The first lines of the output, bounded, for a check's message. */
        String shown() {
            return CxlSysfs.bounded(String.join(" | ", output.lines().limit(3).toList()));
        }
    }

    /** Why the guest has no cxl tool, or empty when it has one. */
    Optional<String> missing() {
        Optional<String> why = session.read(GuestTools.CXL_TOOL_MISSING, TIMEOUT).map(String::strip);
        if (why.isPresent()) {
            return Optional.of(CxlSysfs.bounded(why.get()));
        }
        Result probe = run("version");
        return probe.succeeded() ? Optional.empty() : Optional.of("cxl version failed: " + probe.shown());
    }

    /** {@code cxl ARGS...}: through the packages' own loader and libraries. */
    Result run(String... args) {
        List<String> argv = new ArrayList<>(List.of(CxlToolPackages.GUEST_LOADER, "--library-path", CxlToolPackages.GUEST_LIBRARIES,
                CxlToolPackages.GUEST_BINARY));
        argv.addAll(List.of(args));
        AgentReply reply = session.call(session.request("run", argv.toArray(String[]::new)), TIMEOUT).get(0);
        if (reply.error().isPresent() || !(reply instanceof AgentReply.Run run)) {
            return new Result(-1, "cxl " + String.join(" ", args) + ": " + reply.error().orElse("reply op '" + reply.op() + "'"));
        }
        String output = run.output().length() > OUTPUT_LIMIT ? run.output().substring(0, OUTPUT_LIMIT) : run.output();
        if (run.timedOut()) {
            return new Result(-1, "cxl " + String.join(" ", args) + " did not finish within the agent's limit; " + output);
        }
        return new Result(run.status(), output);
    }

    /** What the tool says of a region. */
    record Region(String name, long size, int ways, long granularity, Optional<String> type, Optional<String> decodeState) {
    }

    /** A malformed answer of the tool: the message names the command and what is wrong. */
    static final class OutputException extends org.hmsabi.InfrastructureException {
        OutputException(String message) {
            super(message);
        }
    }

    /**
     * The region in {@code output} of {@code command} ({@code create-region} prints the region's
     * object, {@code list -r} an array of the one region or the object itself): exactly one JSON
     * value, then only the tool's log lines ({@code cxl region: cmd_create_region: created 1 region}).
     */
    static Region parseRegion(String output, String command) {
        if (output.length() > OUTPUT_LIMIT) {
            throw new OutputException("cxl " + command + " printed more than " + OUTPUT_LIMIT + " bytes");
        }
        int start = output.indexOf('{');
        int bracket = output.indexOf('[');
        if (bracket >= 0 && (start < 0 || bracket < start)) {
            start = bracket;
        }
        if (start < 0) {
            throw new OutputException("cxl " + command + " printed no JSON: " + CxlSysfs.bounded(output.strip()));
        }
        checkLogLines(output.substring(0, start), command);
        JsonNode value;
        int end;
        try (JsonParser parser = JSON.getFactory().createParser(output.substring(start))) {
            value = JSON.readTree(parser);
            end = start + (int) parser.currentLocation().getCharOffset();
        } catch (JsonProcessingException e) {
            throw new OutputException("cxl " + command + " printed malformed JSON: " + CxlSysfs.bounded(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new OutputException("cxl " + command + " output unreadable: " + CxlSysfs.bounded(String.valueOf(e.getMessage())));
        }
        checkLogLines(output.substring(Math.min(end, output.length())), command);
        if (value != null && value.isArray()) {
            if (value.size() != 1) {
                throw new OutputException("cxl " + command + " listed " + value.size() + " regions, expected one");
            }
            value = value.get(0);
        }
        if (value == null || !value.isObject()) {
            throw new OutputException("cxl " + command + " printed no region object");
        }
        String name = text(value, "region", command).filter(n -> REGION.matcher(n).matches())
                .orElseThrow(() -> new OutputException("cxl " + command + " names no region (regionN)"));
        return new Region(name, number(value, "size", command), (int) Math.min(number(value, "interleave_ways", command), 16),
                number(value, "interleave_granularity", command), text(value, "type", command), text(value, "decode_state", command));
    }

    private static void checkLogLines(String text, String command) {
        for (String line : text.strip().lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            if (!LOG_LINE.matcher(line).matches()) {
                throw new OutputException("cxl " + command + " printed an unexpected line: " + CxlSysfs.bounded(line));
            }
        }
    }

    private static Optional<String> text(JsonNode object, String field, String command) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().length() > 64) {
            throw new OutputException("cxl " + command + ": '" + field + "' is no short string");
        }
        return Optional.of(node.asText());
    }

    private static long number(JsonNode object, String field, String command) {
        JsonNode node = object.get(field);
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
            throw new OutputException("cxl " + command + ": '" + field + "' is " + (node == null ? "absent" : "no non-negative integer"));
        }
        return node.asLong();
    }
}
