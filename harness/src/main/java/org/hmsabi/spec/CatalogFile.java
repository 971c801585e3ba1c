package org.hmsabi.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hmsabi.BadInputException;

/**
 * {@code spec/catalog.yaml} read and checked: named masks and the entries that expand, for a
 * machine, to the catalog's cases. The format is documented in the file's header.
 */
final class CatalogFile {
    static final String SCHEMA = "hmsabi-catalog/1";

    /** The fields a case or group may set, in the order messages list them. */
    static final List<String> FIELDS = List.of("call", "mode", "flags", "mask", "nodes", "maxnode", "pages", "addr", "touch",
            "prefault", "prelude", "from", "to", "pid", "home", "user", "populate", "backing", "cut", "deterministic");
    private static final List<String> ENTRY_KEYS = concat(List.of("id", "for", "cases", "mirrors"), FIELDS);
    private static final List<String> MIRROR_SOURCES = List.of("ltp", "selftest");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern OFFSET = Pattern.compile("^(.*?)([+-]\\d+)?$");
    /** Two memory nodes, one of them memory-only: every name has a node, so loading checks every entry. */
    private static final SyscallFacts REFERENCE = new SyscallFacts(new TreeSet<>(Set.of(0, 1)), new TreeSet<>(Set.of(0, 1)), 2);

    /** A case of the catalog on one machine, with what else checks its behaviour ({@code ltp: mbind01}). */
    record Expanded(String id, SyscallCase call, boolean deterministic, List<String> mirrors) {
    }

    /** A named mask: a node list and the maxnode it is passed with (null: the default). */
    private record Mask(String nodes, String maxnode) {
    }

    private final String source;
    private final Map<String, Mask> masks;
    private final List<CatalogEntry> entries;

    private CatalogFile(String source, Map<String, Mask> masks, List<CatalogEntry> entries) {
        this.source = source;
        this.masks = masks;
        this.entries = entries;
    }

    static CatalogFile parse(InputStream in, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(in);
        } catch (IOException e) {
            throw new BadInputException(source + ": not a valid syscall catalog: " + org.hmsabi.ParseProblem.of(e)
                    + "; see the header of spec/catalog.yaml for the format", e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(source + ": not a valid syscall catalog: expected a map with schema, masks and cases");
        }
        checkKeys(root, List.of("schema", "masks", "cases"), source);
        if (!SCHEMA.equals(root.path("schema").asText(null))) {
            throw new BadInputException(source + ": schema is '" + root.path("schema").asText("") + "', this harness reads " + SCHEMA);
        }
        if (!root.path("cases").isArray()) {
            throw new BadInputException(source + ": no 'cases' list; the catalog is a list of cases and groups under 'cases:'");
        }
        CatalogFile file = new CatalogFile(source, masks(root.path("masks"), source), entries(root.get("cases"), "cases", source));
        file.expand(REFERENCE);
        return file;
    }

    // --- reading ---------------------------------------------------------------------------------

    private static Map<String, Mask> masks(JsonNode node, String source) {
        Map<String, Mask> masks = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return masks;
        }
        if (!node.isObject()) {
            throw new BadInputException(source + ": 'masks' must map names to {nodes, maxnode}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> mask = it.next();
            String where = source + ": mask '" + mask.getKey() + "'";
            if (!mask.getValue().isObject()) {
                throw new BadInputException(where + " must be a map: {nodes: ..., maxnode: ...}");
            }
            checkKeys(mask.getValue(), List.of("nodes", "maxnode"), where);
            if (!mask.getValue().has("nodes")) {
                throw new BadInputException(where + " has no nodes; write nodes: a node list (e.g. cpu-node)");
            }
            String maxnode = mask.getValue().has("maxnode") ? scalar(mask.getValue().get("maxnode"), "maxnode", where) : null;
            masks.put(mask.getKey(), new Mask(scalar(mask.getValue().get("nodes"), "nodes", where), maxnode));
        }
        return masks;
    }

    private static List<CatalogEntry> entries(JsonNode list, String path, String source) {
        List<CatalogEntry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            entries.add(entry(list.get(i), path + "[" + i + "]", source));
        }
        return entries;
    }

    private static CatalogEntry entry(JsonNode node, String path, String source) {
        if (!node.isObject()) {
            throw new BadInputException(source + ": " + path + " is not a map; write a case (- id: ...) or a group (- cases: [...])");
        }
        String id = node.has("id") ? scalar(node.get("id"), "id", source + ": " + path) : null;
        String where = path + (id == null ? "" : " '" + id + "'");
        String prefix = source + ": " + where;
        checkKeys(node, ENTRY_KEYS, prefix);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (node.has(field)) {
                fields.put(field, scalar(node.get(field), field, prefix));
            }
        }
        Map<String, List<String>> axes = lists(node.path("for"), "for", prefix);
        for (String axis : axes.keySet()) {
            if (ENTRY_KEYS.contains(axis) && !FIELDS.contains(axis)) {
                throw new BadInputException(prefix + ": 'for' cannot loop over '" + axis + "'; name the variable otherwise");
            }
            if (fields.containsKey(axis)) {
                throw new BadInputException(prefix + ": '" + axis + "' is both a field and a 'for' list; keep one");
            }
            if (axes.get(axis).isEmpty()) {
                throw new BadInputException(prefix + ": 'for' list '" + axis + "' is empty; give it at least one value");
            }
        }
        Map<String, List<String>> mirrors = lists(node.path("mirrors"), "mirrors", prefix);
        for (String mirror : mirrors.keySet()) {
            if (!MIRROR_SOURCES.contains(mirror)) {
                throw new BadInputException(prefix + ": unknown mirrors source '" + mirror + "'; sources: " + String.join(", ", MIRROR_SOURCES));
            }
        }
        if (node.has("cases")) {
            if (id != null) {
                throw new BadInputException(prefix + ": has both id and cases; a case has an id, a group has cases");
            }
            if (!node.get("cases").isArray() || node.get("cases").isEmpty()) {
                throw new BadInputException(prefix + ": 'cases' must be a non-empty list of cases and groups");
            }
            return new CatalogEntry.Group(where, axes, fields, mirrors, entries(node.get("cases"), path + ".cases", source));
        }
        if (id == null) {
            throw new BadInputException(prefix + ": has neither id nor cases; give a case an id (call/MODE/what), a group a list of cases");
        }
        return new CatalogEntry.Case(where, id, axes, fields, mirrors);
    }

    private static void checkKeys(JsonNode node, List<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new BadInputException(prefix + ": unknown field '" + key + "'; fields: " + String.join(", ", known));
            }
        }
    }

    private static String scalar(JsonNode value, String field, String prefix) {
        if (value.isNull()) {
            throw new BadInputException(prefix + ": '" + field + "' holds a YAML null; write \"null\" in quotes");
        }
        if (!value.isValueNode()) {
            throw new BadInputException(prefix + ": '" + field + "' must be a single value, not " + value);
        }
        return value.asText();
    }

    /** A map of names to lists of scalars; a single scalar counts as a list of one. */
    private static Map<String, List<String>> lists(JsonNode node, String field, String prefix) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return lists;
        }
        if (!node.isObject()) {
            throw new BadInputException(prefix + ": '" + field + "' must map names to lists, e.g. {mode: [BIND, PREFERRED]}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> list = it.next();
            String name = field + "." + list.getKey();
            List<String> values = new ArrayList<>();
            if (list.getValue().isArray()) {
                list.getValue().forEach(value -> values.add(scalar(value, name, prefix)));
            } else {
                values.add(scalar(list.getValue(), name, prefix));
            }
            lists.put(list.getKey(), values);
        }
        return lists;
    }

    // --- expansion -------------------------------------------------------------------------------

    /** The cases on a machine, in file order; a case naming a node the machine lacks is left out. */
    List<Expanded> expand(SyscallFacts facts) {
        List<Expanded> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        CatalogNodes nodes = new CatalogNodes(facts);
        for (CatalogEntry entry : entries) {
            expand(entry, Map.of(), Map.of(), List.of(), nodes, out, seen);
        }
        return out;
    }

    private void expand(CatalogEntry entry, Map<String, String> inherited, Map<String, String> vars, List<String> mirrors,
                        CatalogNodes nodes, List<Expanded> out, Map<String, String> seen) {
        List<String> myMirrors = new ArrayList<>(mirrors);
        entry.mirrors().forEach((from, names) -> names.forEach(name -> myMirrors.add(from + ": " + name)));
        for (Map<String, String> combination : combinations(entry.axes())) {
            Map<String, String> fields = new LinkedHashMap<>(inherited);
            combination.forEach((name, value) -> {
                if (FIELDS.contains(name)) {
                    fields.put(name, value);
                }
            });
            fields.putAll(entry.fields());
            Map<String, String> myVars = new HashMap<>(vars);
            myVars.putAll(combination);
            if (entry instanceof CatalogEntry.Group group) {
                group.cases().forEach(child -> expand(child, fields, myVars, myMirrors, nodes, out, seen));
            } else {
                expandCase((CatalogEntry.Case) entry, fields, myVars, myMirrors, nodes, out, seen);
            }
        }
    }

    private void expandCase(CatalogEntry.Case entry, Map<String, String> fields, Map<String, String> vars, List<String> mirrors,
                            CatalogNodes nodes, List<Expanded> out, Map<String, String> seen) {
        String prefix = source + ": " + entry.where();
        try {
            String id = substitute(entry.id(), vars);
            Map<String, String> resolved = new LinkedHashMap<>();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                resolved.put(field.getKey(), substitute(field.getValue(), vars));
            }
            Optional<SyscallCase> built = build(resolved, nodes);
            if (built.isEmpty()) {
                return;
            }
            String other = seen.putIfAbsent(id, entry.where());
            if (other != null) {
                throw new IllegalArgumentException("id '" + id + "' is also the id of " + other + "; ids must be unique");
            }
            Set<String> named = new LinkedHashSet<>();
            for (String mirror : mirrors) {
                named.add(substitute(mirror, vars));
            }
            out.add(new Expanded(id, built.get(), deterministic(resolved.getOrDefault("deterministic", "false"), built.get()),
                    List.copyOf(named)));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(prefix + ": " + e.getMessage(), e);
        }
    }

    private static List<Map<String, String>> combinations(Map<String, List<String>> axes) {
        List<Map<String, String>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> outer : result) {
                for (String value : axis.getValue()) {
                    Map<String, String> combination = new LinkedHashMap<>(outer);
                    combination.put(axis.getKey(), value);
                    next.add(combination);
                }
            }
            result = next;
        }
        return result;
    }

    private static String substitute(String text, Map<String, String> vars) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = vars.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("'{" + matcher.group(1) + "}' in '" + text + "' names no 'for' list around it"
                        + (vars.isEmpty() ? "" : "; lists: " + new TreeSet<>(vars.keySet())));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The case the fields describe; empty when one of its nodes does not exist on this machine. */
    private Optional<SyscallCase> build(Map<String, String> fields, CatalogNodes nodes) {
        String callName = fields.get("call");
        if (callName == null) {
            throw new IllegalArgumentException("no call; add call: one of " + names(MempolicyCall.values(), MempolicyCall::kernelName)
                    + " (to the case or its group)");
        }
        MempolicyCall call = MempolicyCall.byKernelName(callName).orElseThrow(() -> new IllegalArgumentException(
                "unknown call '" + callName + "'; calls: " + names(MempolicyCall.values(), MempolicyCall::kernelName)));
        SyscallCase c = SyscallCase.of(call);
        if (fields.containsKey("mode")) {
            String[] parts = fields.get("mode").split("\\|", -1);
            c = c.withMode(mode(parts[0].strip()), flags(Arrays.asList(parts).subList(1, parts.length), true, "mode"));
        }
        if (fields.containsKey("flags")) {
            c = c.withFlags(flags(Arrays.asList(fields.get("flags").split("\\|", -1)), false, "flags"));
        }
        String nodeList = fields.get("nodes");
        String maxnode = fields.get("maxnode");
        if (fields.containsKey("mask")) {
            if (nodeList != null || maxnode != null) {
                throw new IllegalArgumentException("mask '" + fields.get("mask") + "' sets nodes and maxnode; give either mask or nodes/maxnode");
            }
            Mask mask = masks.get(fields.get("mask"));
            if (mask == null) {
                throw new IllegalArgumentException("unknown mask '" + fields.get("mask") + "'; masks: " + String.join(", ", masks.keySet()));
            }
            nodeList = mask.nodes();
            maxnode = mask.maxnode();
        }
        if (nodeList != null) {
            Optional<MempolicyNodeMask> mask = nodes.list(nodeList);
            if (mask.isEmpty()) {
                return Optional.empty();
            }
            c = c.withNodes(mask.get());
        }
        if (maxnode != null) {
            Optional<Long> value = maxnode(maxnode, nodes);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            c = c.withMaxnode(value.get());
        }
        if (fields.containsKey("pages")) {
            c = c.withPages(pages(fields.get("pages"), nodes));
        }
        if (fields.containsKey("backing")) {
            String backing = fields.get("backing");
            // hugetlb's pool and THP's mode are set around the catalog by its runner (HugePages in capture).
            if (backing.equals(MempolicyBacking.KSM.agentText())) {
                throw new IllegalArgumentException("backing ksm is not for the catalog: each case waits seconds for ksmd to merge "
                        + "its pages (the guest test KsmMigrationTest runs them)");
            }
            MempolicyBacking[] catalog = Arrays.stream(MempolicyBacking.values()).filter(MempolicyBacking::inCatalog)
                    .toArray(MempolicyBacking[]::new);
            c = c.withBacking(Arrays.stream(catalog).filter(b -> b.agentText().equals(backing)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("backing is one of " + names(catalog, MempolicyBacking::agentText)
                            + ", not '" + backing + "'")));
        }
        if (fields.containsKey("cut")) {
            String cut = fields.get("cut");
            c = c.withCut(Arrays.stream(MempolicyCut.values()).filter(k -> k != MempolicyCut.NONE && k.agentText().equals(cut)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("cut is first or last (the base page the call leaves out), not '"
                            + cut + "'")));
        }
        if (fields.containsKey("addr")) {
            c = c.withAddr(address(fields.get("addr")));
        }
        if (bool(fields, "touch")) {
            c = c.touched();
        }
        if (bool(fields, "prefault")) {
            c = c.prefaulted();
        }
        if (fields.containsKey("prelude")) {
            Optional<MempolicyPrelude> prelude = prelude(fields.get("prelude"), nodes);
            if (prelude.isEmpty()) {
                return Optional.empty();
            }
            c = c.withPrelude(prelude.get());
        }
        for (String side : List.of("from", "to")) {
            if (fields.containsKey(side)) {
                Optional<MempolicyNodeMask> mask = nodes.list(fields.get(side));
                if (mask.isEmpty()) {
                    return Optional.empty();
                }
                c = side.equals("from") ? c.withFrom(mask.get()) : c.withTo(mask.get());
            }
        }
        if (fields.containsKey("pid")) {
            String pid = fields.get("pid");
            c = c.withProcess(Arrays.stream(MempolicyProcess.values()).filter(p -> p.catalogName().equals(pid)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("pid is one of " + names(MempolicyProcess.values(),
                            MempolicyProcess::catalogName) + ", not '" + pid + "'")));
        }
        if (fields.containsKey("user")) {
            c = switch (fields.get("user")) {
                case "root" -> c;
                case "nobody" -> c.asUnprivileged();
                default -> throw new IllegalArgumentException("user is root or nobody, not '" + fields.get("user") + "'");
            };
        }
        if (fields.containsKey("populate")) {
            String populate = fields.get("populate");
            c = c.withPopulate(Arrays.stream(MempolicyPopulate.values()).filter(p -> p.catalogName().equals(populate)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("populate is one of " + names(MempolicyPopulate.values(),
                            MempolicyPopulate::catalogName) + ", not '" + populate + "'")));
        }
        if (fields.containsKey("home")) {
            Optional<List<Integer>> home = nodes.resolve(fields.get("home"));
            if (home.isEmpty()) {
                return Optional.empty();
            }
            if (home.get().size() != 1) {
                throw new IllegalArgumentException("home takes one node, '" + fields.get("home") + "' names " + home.get().size());
            }
            c = c.withHome(home.get().get(0));
        }
        return Optional.of(c);
    }

    private static MempolicyMode mode(String name) {
        try {
            return MempolicyMode.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode '" + name + "'; modes: " + names(MempolicyMode.values(), Enum::name)
                    + ", with mode flags after |");
        }
    }

    private static MempolicyFlag[] flags(List<String> names, boolean modeFlags, String field) {
        List<MempolicyFlag> flags = new ArrayList<>();
        List<String> allowed = Arrays.stream(MempolicyFlag.values()).filter(flag -> flag.isModeFlag() == modeFlags).map(Enum::name).toList();
        for (String raw : names) {
            String name = raw.strip();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown " + (modeFlags ? "mode flag" : "flag") + " '" + name + "' in " + field
                        + "; " + (modeFlags ? "mode flags" : "flags") + ": " + String.join(", ", allowed));
            }
            flags.add(MempolicyFlag.valueOf(name));
        }
        return flags.toArray(MempolicyFlag[]::new);
    }

    /** A number, full, possible or a node name, with an optional +N / -N. */
    private static Optional<Long> maxnode(String text, CatalogNodes nodes) {
        Matcher matcher = OFFSET.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("maxnode '" + text + "' is not a number, full, possible or a node name");
        }
        String base = matcher.group(1);
        long offset = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2));
        long value;
        if (base.matches("\\d+")) {
            value = Long.parseLong(base);
        } else if (base.equals("full")) {
            value = SyscallCase.FULL_MAXNODE;
        } else if (base.equals("possible")) {
            value = nodes.facts().possibleNodes();
        } else {
            Optional<List<Integer>> node;
            try {
                node = nodes.resolve(base);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("maxnode '" + text + "': not a number, full, possible or a node name ("
                        + String.join(", ", CatalogNodes.NAMES) + "), with an optional +N or -N");
            }
            if (node.isEmpty()) {
                return Optional.empty();
            }
            if (node.get().size() != 1) {
                throw new IllegalArgumentException("maxnode '" + text + "': '" + base + "' is not one node");
            }
            value = node.get().get(0);
        }
        if (value + offset < 0) {
            throw new IllegalArgumentException("maxnode '" + text + "' is negative");
        }
        return Optional.of(value + offset);
    }

    private static int pages(String text, CatalogNodes nodes) {
        if (text.equals("two-per-memory-node")) {
            return Math.max(8, 2 * nodes.facts().memoryNodes().size());
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pages is a number or two-per-memory-node, not '" + text + "'");
        }
    }

    private static MempolicyAddress address(String text) {
        return Arrays.stream(MempolicyAddress.values()).filter(addr -> addr.agentText().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown addr '" + text + "'; addr: "
                        + names(MempolicyAddress.values(), MempolicyAddress::agentText)));
    }

    private static boolean bool(Map<String, String> fields, String field) {
        String text = fields.getOrDefault(field, "false");
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(field + " is true or false, not '" + text + "'");
        };
    }

    /** {@code thread MODE [nodes]} or {@code range MODE [nodes]}. */
    private static Optional<MempolicyPrelude> prelude(String text, CatalogNodes nodes) {
        String[] words = text.strip().split("\\s+");
        if (words.length < 2 || words.length > 3 || !(words[0].equals("thread") || words[0].equals("range"))) {
            throw new IllegalArgumentException("prelude '" + text + "' is not 'thread MODE [nodes]' or 'range MODE [nodes]'");
        }
        Optional<MempolicyNodeMask> mask = words.length == 3 ? nodes.list(words[2]) : Optional.of(MempolicyNodeMask.EMPTY);
        MempolicyPrelude.Scope scope = MempolicyPrelude.Scope.valueOf(words[0].toUpperCase(Locale.ROOT));
        MempolicyMode mode = mode(words[1]);
        return mask.map(nodeMask -> new MempolicyPrelude(scope, mode, nodeMask));
    }

    private static boolean deterministic(String text, SyscallCase c) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            case "one-node" -> CatalogNodes.PLACING_MODES.contains(c.mode()) && c.nodes().nodes().size() == 1;
            default -> throw new IllegalArgumentException("deterministic is true, false or one-node, not '" + text + "'");
        };
    }

    private static <T> String names(T[] values, java.util.function.Function<T, String> name) {
        return Arrays.stream(values).map(name).collect(Collectors.joining(", "));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
