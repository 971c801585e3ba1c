package org.hmsabi.driver;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.hmsabi.BadInputException;
import org.hmsabi.Messages;
import org.hmsabi.topology.Quantities;

/**
 * Reads an expect file (format: vm-images/example-driver/expect.yaml and docs/formats.md). Every
 * problem is bad input naming the file and the field, e.g.
 * {@code expect.yaml: nodes[0].access0.read_latency: latency '25x' is not understood; ...}.
 */
public final class ExpectationFile {
    /** An expect file is a few dozen lines; anything far larger is not one. */
    private static final long MAX_BYTES = 1 << 20;
    private static final Set<String> TOP = Set.of("node_count", "nodes");
    private static final Set<String> NODE = Set.of("node", "size", "tier", "access0", "access1");
    private static final Set<String> ACCESS = Set.of("initiators", "read_latency", "write_latency", "read_bandwidth",
            "write_bandwidth");
    static final String SLOWER_THAN_CPU_NODES = "slower-than-cpu-nodes";

    private ExpectationFile() {
    }

    public static DriverExpectation read(Path file) {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file + ": no such expect file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException(file + ": larger than 1 MiB; this is not an expect file");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the expect file (" + e.getMessage() + ")", e);
        }
        return parse(text, file.toString());
    }

    /** Parses the text of an expect file; {@code source} names it in messages. */
    public static DriverExpectation parse(String text, String source) {
        JsonNode root;
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + ": not valid YAML: " + Messages.firstLine(e.getOriginalMessage())
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new BadInputException(source + ": empty expect file; state at least 'node_count:' or 'nodes:'");
        }
        Fields top = new Fields(source, "", root, TOP);
        OptionalInt count = top.optional("node_count", (node, field) -> OptionalInt.of(top.nonNegativeInt(node, field)))
                .orElse(OptionalInt.empty());
        List<ExpectedNode> nodes = new ArrayList<>();
        top.optional("nodes", (list, field) -> {
            if (!list.isArray()) {
                throw top.problem(field, "must be a list of nodes, e.g. '- {node: 2, size: 256M}'");
            }
            for (int i = 0; i < list.size(); i++) {
                nodes.add(node(new Fields(source, "nodes[" + i + "].", list.get(i), NODE)));
            }
            return list;
        });
        if (count.isEmpty() && nodes.isEmpty()) {
            throw new BadInputException(source + ": states nothing; give 'node_count:' or 'nodes:'");
        }
        return new DriverExpectation(source, count, nodes);
    }

    private static ExpectedNode node(Fields fields) {
        OptionalInt id = fields.optional("node", (n, f) -> OptionalInt.of(fields.nonNegativeInt(n, f))).orElse(OptionalInt.empty());
        OptionalLong size = fields.optional("size", (n, f) -> OptionalLong.of(fields.quantity(n, f, Quantities::bytes)))
                .orElse(OptionalLong.empty());
        Optional<TierExpectation> tier = fields.optional("tier", (n, f) -> tier(fields, n, f));
        Map<String, ExpectedAccess> access = new LinkedHashMap<>();
        for (String name : List.of("access0", "access1")) {
            fields.optional(name, (n, f) -> access.put(name, access(new Fields(fields.source, fields.prefix + name + ".", n, ACCESS))));
        }
        return new ExpectedNode(id, size, tier, access);
    }

    private static TierExpectation tier(Fields fields, JsonNode value, String field) {
        if (value.isInt() && value.intValue() >= 0) {
            return new TierExpectation.Exactly(value.intValue());
        }
        if (value.isTextual() && value.textValue().equals(SLOWER_THAN_CPU_NODES)) {
            return new TierExpectation.SlowerThanCpuNodes();
        }
        throw fields.problem(field, "'" + value.asText() + "' is neither a tier number (memory_tierN) nor "
                + SLOWER_THAN_CPU_NODES);
    }

    private static ExpectedAccess access(Fields fields) {
        Optional<List<Integer>> initiators = fields.optional("initiators", (n, f) -> {
            if (!n.isArray() || n.isEmpty()) {
                throw fields.problem(f, "must be a non-empty list of node ids, e.g. [0]");
            }
            List<Integer> ids = new ArrayList<>();
            n.forEach(id -> ids.add(fields.nonNegativeInt(id, f)));
            return List.copyOf(ids);
        });
        return new ExpectedAccess(initiators,
                fields.optionalQuantity("read_latency", Quantities::latencyNs),
                fields.optionalQuantity("write_latency", Quantities::latencyNs),
                fields.optionalQuantity("read_bandwidth", Quantities::bandwidthMiBps),
                fields.optionalQuantity("write_bandwidth", Quantities::bandwidthMiBps));
    }

    /** One mapping of the file, with the path prefix its messages use. */
    private static final class Fields {
        private final String source;
        private final String prefix;
        private final JsonNode node;

        Fields(String source, String prefix, JsonNode node, Set<String> allowed) {
            this.source = source;
            this.prefix = prefix;
            this.node = node;
            String where = prefix.isEmpty() ? "the file" : prefix.substring(0, prefix.length() - 1);
            if (node == null || !node.isObject()) {
                throw new BadInputException(source + ": " + where + " must be a mapping of " + String.join(", ", new TreeSet<>(allowed)));
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw new BadInputException(source + ": " + prefix + name + ": unknown field; use one of: "
                            + String.join(", ", new TreeSet<>(allowed)));
                }
            }
        }

        <T> Optional<T> optional(String name, java.util.function.BiFunction<JsonNode, String, T> reader) {
            JsonNode value = node.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value.isNull()) {
                throw problem(name, "has no value; give one or remove the field");
            }
            return Optional.ofNullable(reader.apply(value, name));
        }

        OptionalLong optionalQuantity(String name, Function<Object, Long> parser) {
            return optional(name, (n, f) -> OptionalLong.of(quantity(n, f, parser))).orElse(OptionalLong.empty());
        }

        long quantity(JsonNode value, String field, Function<Object, Long> parser) {
            try {
                return parser.apply(value.isTextual() ? value.textValue() : value.isIntegralNumber() ? (Object) value.longValue() : value.asText());
            } catch (IllegalArgumentException e) {
                throw problem(field, e.getMessage());
            }
        }

        int nonNegativeInt(JsonNode value, String field) {
            if (!value.isInt() || value.intValue() < 0) {
                throw problem(field, "'" + value.asText() + "' is not a whole number of 0 or more");
            }
            return value.intValue();
        }

        BadInputException problem(String field, String what) {
            return new BadInputException(source + ": " + prefix + field + ": " + what);
        }
    }
}
