package org.hmsabi.guest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One reply line from the agent (vm-images/agent/PROTOCOL.md), parsed once, here, into a record
 * per {@code op}; callers match on the type. Nothing about the shape is trusted: a field of the
 * wrong type reads as absent (a text as empty, a number as -1), a list longer than its bound or
 * holding anything but ints is malformed, and a reply of an op the host does not know is
 * {@link Other}.
 */
public sealed interface AgentReply {
    /** At most this many characters of a reply's JSON are kept for messages. */
    int SUMMARY_LENGTH = 300;
    /** No page list may be longer than the agent's own bound; no mask holds more ids than its buffer. */
    int MAX_PAGES = 4096;
    int MAX_MASK_IDS = 65536;

    /**
     * What every reply has.
     *
     * @param id      the request's id; 0 for the unsolicited hello, -1 when missing or not an int
     * @param op      the reply's op as sent ("" when missing)
     * @param end     true for the last reply to a request
     * @param error   the symbolic errno (e.g. {@code EACCES}) when the agent reported one
     * @param summary the reply's JSON, cut to {@value #SUMMARY_LENGTH} characters, for messages
     */
    record Header(int id, String op, boolean end, Optional<String> error, String summary) {
    }

    Header header();

    default int id() {
        return header().id();
    }

    default String op() {
        return header().op();
    }

    default boolean isEnd() {
        return header().end();
    }

    default Optional<String> error() {
        return header().error();
    }

    /** A reply about one path: a {@code read}, or an {@code entry} of a {@code tree}. */
    sealed interface PathReply extends AgentReply permits Read, Entry {
        String path();

        /** The octal permission string, "" when not sent. */
        String mode();

        /** {@code file}, {@code dir}, {@code link} or {@code other}; "" for a tree entry that could not be lstat'ed. */
        String type();

        /** The file's content; empty when unreadable, write-only or not a file. */
        Optional<String> value();

        /** A link's target. */
        Optional<String> target();
    }

    /** {@code hello}: the agent greets once at start, and answers a hello request the same way. */
    record Hello(Header header, String release, String transport) implements AgentReply {
    }

    /** {@code read}: one file, following links. */
    record Read(Header header, String path, String mode, Optional<String> value, boolean truncated) implements PathReply {
        @Override
        public String type() {
            return "file";
        }

        @Override
        public Optional<String> target() {
            return Optional.empty();
        }
    }

    /** {@code entry}: one path below a {@code tree} request's directory. */
    record Entry(Header header, String path, String type, String mode, Optional<String> value, Optional<String> target)
            implements PathReply {
    }

    /** {@code done}: the end of a {@code tree}, with the number of entries. */
    record Done(Header header, long count) implements AgentReply {
    }

    /** {@code write}. */
    record Write(Header header, String path, boolean ok) implements AgentReply {
    }

    /** {@code run}: a program's exit status (-1 when not sent) and its output. */
    record Run(Header header, int status, String output, boolean truncated, boolean timedOut) implements AgentReply {
    }

    /**
     * {@code mempolicy}: one system call. The lists are empty when absent, and {@link #wellFormed}
     * is false when one of them, or {@code policy}, has the wrong shape.
     *
     * @param result       the raw return value; empty when no call was made
     * @param preludeErrno the errno of a failing prelude policy, instead of a result
     * @param message      why the agent made no call, with the offending {@code arg}
     * @param thpKb        a THP range's AnonHugePages in kB before and after the call (two numbers), or empty
     * @param ksm          a KSM range's merge, or empty
     */
    record Mempolicy(Header header, Optional<Long> result, Optional<Long> preludeErrno, String message, String arg,
                     List<Integer> pages, List<Integer> nodes, List<Integer> status, Optional<Integer> policy,
                     List<Integer> thpKb, Optional<KsmMerge> ksm, boolean wellFormed) implements AgentReply {
        public Mempolicy {
            pages = List.copyOf(pages);
            nodes = List.copyOf(nodes);
            status = List.copyOf(status);
            thpKb = List.copyOf(thpKb);
        }
    }

    /**
     * {@code hugetlb-race}: move_pages between two nodes racing a second process that maps and
     * unmaps hugetlb pages. Each count table is a map from a value (a status, an errno number) to
     * how often it was seen; {@link #wellFormed} is false when a table's value and count lists are
     * not two int lists of one length within {@value #MAX_TALLY} entries, or a count is negative.
     *
     * @param message   why the race did not run or did not finish (with {@code error}), else ""
     * @param counts    the plain counts as sent: ms, moves, notMoved, statusOther, statusUnset, rounds, sigbus, signal
     * @param status    move_pages' per-address statuses (a node, or -errno)
     * @param errnos    move_pages' errnos, by number, for calls that failed
     * @param mapErrnos the second process's mmap errnos, by number
     * @param offline   MADV_SOFT_OFFLINE's outcome per round: 0 or the errno number
     */
    record HugetlbRace(Header header, String message, Map<String, Long> counts, Map<Integer, Integer> status,
                       Map<Integer, Integer> errnos, Map<Integer, Integer> mapErrnos, Map<Integer, Integer> offline,
                       boolean wellFormed) implements AgentReply {
        /** Distinct values the agent counts one by one. */
        public static final int MAX_TALLY = 32;
        static final List<String> COUNTS = List.of("ms", "moves", "notMoved", "statusOther", "statusUnset", "rounds", "sigbus", "signal");

        public HugetlbRace {
            counts = Collections.unmodifiableMap(new TreeMap<>(counts));
            status = Collections.unmodifiableMap(new TreeMap<>(status));
            errnos = Collections.unmodifiableMap(new TreeMap<>(errnos));
            mapErrnos = Collections.unmodifiableMap(new TreeMap<>(mapErrnos));
            offline = Collections.unmodifiableMap(new TreeMap<>(offline));
        }
    }

    /** {@code poweroff}. */
    record PowerOff(Header header, boolean ok) implements AgentReply {
    }

    /** {@code error}: the agent could not read a request at all (too long, a bad id, a NUL byte). */
    record Refused(Header header, String message) implements AgentReply {
    }

    /** A reply of an op this host does not know, or without one. */
    record Other(Header header) implements AgentReply {
    }

    /** The reply a JSON object stands for. */
    static AgentReply of(JsonNode json) {
        return of(json, summary(json));
    }

    /**
     * The same, with the summary already at hand: the reader gives the line as the agent sent it,
     * cut to {@value #SUMMARY_LENGTH} characters, rather than have every reply written out again
     * as JSON for a message that is almost never shown.
     */
    static AgentReply of(JsonNode json, String summary) {
        Fields fields = new Fields(json);
        Header header = new Header(fields.integer("id"), fields.text("op").orElse(""), fields.flag("end"),
                fields.text("error"), summary);
        return switch (header.op()) {
            case "hello" -> new Hello(header, fields.text("release").orElse("unknown"), fields.text("transport").orElse(""));
            case "read" -> new Read(header, fields.text("path").orElse(""), fields.text("mode").orElse(""), fields.text("value"),
                    fields.flag("truncated"));
            case "entry" -> new Entry(header, fields.text("path").orElse(""), fields.text("type").orElse(""),
                    fields.text("mode").orElse(""), fields.text("value"), fields.text("target"));
            case "done" -> new Done(header, fields.number("count").orElse(-1L));
            case "write" -> new Write(header, fields.text("path").orElse(""), fields.flag("ok"));
            case "run" -> new Run(header, fields.integer("status"), fields.text("output").orElse(""), fields.flag("truncated"),
                    fields.flag("timeout"));
            case "mempolicy" -> mempolicy(header, fields);
            case "hugetlb-race" -> hugetlbRace(header, fields);
            case "poweroff" -> new PowerOff(header, fields.flag("ok"));
            case "error" -> new Refused(header, fields.text("message").orElse(""));
            default -> new Other(header);
        };
    }

    private static Mempolicy mempolicy(Header header, Fields fields) {
        JsonNode result = fields.json.get("result");
        Optional<List<Integer>> pages = fields.ints("pages", MAX_PAGES);
        Optional<List<Integer>> nodes = fields.ints("nodes", MAX_MASK_IDS);
        Optional<List<Integer>> status = fields.ints("status", MAX_PAGES);
        Optional<List<Integer>> thpKb = fields.ints("thpKb", 2);
        Optional<Optional<KsmMerge>> ksm = fields.ints("ksm", 2)
                .flatMap(counts -> KsmMerge.of(counts, fields.text("ksmWait"), fields.number("ksmWaitMs"), fields.text("ksmCount")));
        JsonNode policy = fields.json.get("policy");
        boolean policyOk = policy == null || policy.isInt();
        return new Mempolicy(header,
                result != null && result.isIntegralNumber() && result.canConvertToLong() ? Optional.of(result.longValue()) : Optional.empty(),
                fields.number("preludeErrno"),
                fields.text("message").orElse(""), fields.text("arg").orElse(""),
                pages.orElse(List.of()), nodes.orElse(List.of()), status.orElse(List.of()),
                policy != null && policy.isInt() ? Optional.of(policy.intValue()) : Optional.empty(),
                thpKb.orElse(List.of()), ksm.orElse(Optional.empty()),
                pages.isPresent() && nodes.isPresent() && status.isPresent() && thpKb.isPresent() && policyOk
                        && thpKb.get().size() != 1 && ksm.isPresent());
    }

    private static HugetlbRace hugetlbRace(Header header, Fields fields) {
        Map<String, Long> counts = new TreeMap<>();
        for (String name : HugetlbRace.COUNTS) {
            fields.number(name).ifPresent(value -> counts.put(name, value));
        }
        Optional<Map<Integer, Integer>> status = fields.tally("statusValues", "statusCounts");
        Optional<Map<Integer, Integer>> errnos = fields.tally("errnoValues", "errnoCounts");
        Optional<Map<Integer, Integer>> mapErrnos = fields.tally("mapErrnoValues", "mapErrnoCounts");
        Optional<Map<Integer, Integer>> offline = fields.tally("offlineValues", "offlineCounts");
        return new HugetlbRace(header, fields.text("message").orElse(""), counts, status.orElse(Map.of()), errnos.orElse(Map.of()),
                mapErrnos.orElse(Map.of()), offline.orElse(Map.of()),
                status.isPresent() && errnos.isPresent() && mapErrnos.isPresent() && offline.isPresent()
                        && counts.values().stream().allMatch(count -> count >= 0)); // a count below zero is no count

    }

    private static String summary(JsonNode json) {
        String text = json.toString();
        return text.length() > SUMMARY_LENGTH ? text.substring(0, SUMMARY_LENGTH) + "..." : text;
    }

    /**
     * A reply line's JSON as sent (from {@code offset} of {@code raw}), cut to
     * {@value #SUMMARY_LENGTH} characters, each byte read as Latin-1 and anything but printable
     * ASCII shown as {@code ?}: the agent sends ASCII, an untrusted guest may not.
     */
    static String summary(byte[] raw, int offset) {
        int length = Math.max(0, Math.min(raw.length - offset, SUMMARY_LENGTH));
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            int b = raw[offset + i] & 0xff;
            text[i] = b >= 0x20 && b < 0x7f ? (char) b : '?';
        }
        return raw.length - offset > SUMMARY_LENGTH ? new String(text) + "..." : new String(text);
    }

    /** Typed access to a reply's fields that never trusts their type. */
    final class Fields {
        private final JsonNode json;

        private Fields(JsonNode json) {
            this.json = json;
        }

        private Optional<String> text(String field) {
            JsonNode node = json.get(field);
            return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
        }

        private Optional<Long> number(String field) {
            JsonNode node = json.get(field);
            return node != null && node.canConvertToLong() ? Optional.of(node.longValue()) : Optional.empty();
        }

        private int integer(String field) {
            JsonNode node = json.get(field);
            return node != null && node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : -1;
        }

        private boolean flag(String field) {
            JsonNode node = json.get(field);
            return node != null && node.isBoolean() && node.booleanValue();
        }

        /**
         * Two lists sent side by side, values and their counts, as a map; absent: an empty map;
         * lists of different lengths, longer than {@link HugetlbRace#MAX_TALLY}, a value twice or
         * a negative count: malformed (empty).
         */
        private Optional<Map<Integer, Integer>> tally(String valuesField, String countsField) {
            Optional<List<Integer>> values = ints(valuesField, HugetlbRace.MAX_TALLY);
            Optional<List<Integer>> counts = ints(countsField, HugetlbRace.MAX_TALLY);
            if (values.isEmpty() || counts.isEmpty() || values.get().size() != counts.get().size()) {
                return Optional.empty();
            }
            Map<Integer, Integer> tally = new TreeMap<>();
            for (int i = 0; i < values.get().size(); i++) {
                if (counts.get().get(i) < 0 || tally.put(values.get().get(i), counts.get().get(i)) != null) {
                    return Optional.empty();
                }
            }
            return Optional.of(tally);
        }

        /** An absent field is an empty list; anything but an array of ints within the bound is malformed (empty). */
        private Optional<List<Integer>> ints(String field, int bound) {
            JsonNode node = json.get(field);
            if (node == null) {
                return Optional.of(List.of());
            }
            if (!node.isArray() || node.size() > bound) {
                return Optional.empty();
            }
            List<Integer> values = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                if (!element.isInt()) {
                    return Optional.empty();
                }
                values.add(element.intValue());
            }
            return Optional.of(values);
        }
    }
}
