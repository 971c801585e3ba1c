package org.hmsabi.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hmsabi.BadInputException;
import org.hmsabi.Messages;
import org.hmsabi.kernel.KernelRange;
import org.hmsabi.model.Snapshot.KernelInfo;
import org.hmsabi.spec.PathPattern;

/**
 * The waivers of {@code fixtures/waivers.yaml} (its header documents the format). A waiver that
 * covers a finding turns it into information and is named in it; every waiver appears in the
 * {@link WaiverReport}, used or not, so none is ever silent.
 */
public final class Waivers {
    private static final Set<String> KEYS = Set.of("path", "finding", "kernels", "topologies", "reason", "link", "expires");

    private final List<Waiver> waivers;

    private Waivers(List<Waiver> waivers) {
        this.waivers = List.copyOf(waivers);
    }

    public static Waivers none() {
        return new Waivers(List.of());
    }

    public static Waivers of(List<Waiver> waivers) {
        return new Waivers(waivers);
    }

    public List<Waiver> all() {
        return waivers;
    }

    /** Reads a waivers file; a missing or malformed one is bad input naming the file and the entry. */
    public static Waivers load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such waivers file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the waivers: " + e.getMessage(), e);
        }
    }

    public static Waivers parse(String yaml, String source) {
        JsonNode document;
        try {
            document = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new BadInputException(source + ": not valid YAML (" + Messages.firstLine(e.getMessage())
                    + "); see the file's header for the format", e);
        }
        if (document == null || document.isMissingNode() || document.isNull()) {
            return none();
        }
        Iterator<String> topLevel = document.isObject() ? document.fieldNames() : List.<String>of().iterator();
        topLevel.forEachRemaining(key -> {
            if (!key.equals("waivers")) {
                throw new BadInputException(source + ": unknown key '" + key + "'; the file holds one list, 'waivers'");
            }
        });
        JsonNode entries = document.path("waivers");
        if (!document.isObject() || !(entries.isArray() || entries.isNull() || entries.isMissingNode())) {
            throw new BadInputException(source + ": expected 'waivers:' followed by a list of entries");
        }
        List<Waiver> waivers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            waivers.add(entry(entries.get(i), source + " entry " + (i + 1)));
        }
        return new Waivers(waivers);
    }

    private static Waiver entry(JsonNode node, String origin) {
        if (!node.isObject()) {
            throw malformed(origin, "expected a mapping with path/finding, kernels, reason, link and optionally expires");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw malformed(origin, "unknown key '" + key + "' (allowed: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        });
        Optional<PathPattern> path = text(node, "path", origin).map(PathPattern::of);
        Optional<Finding.Kind> kind = text(node, "finding", origin).map(name -> kindOf(name, origin));
        if (path.isEmpty() && kind.isEmpty()) {
            throw malformed(origin, "needs 'path' or 'finding' (or both) to say what it waives");
        }
        KernelRange kernels;
        try {
            kernels = KernelRange.parse(required(node, "kernels", origin));
        } catch (IllegalArgumentException e) {
            throw malformed(origin, e.getMessage());
        }
        String reason = required(node, "reason", origin);
        String link = required(node, "link", origin);
        Optional<LocalDate> expires = text(node, "expires", origin).map(date -> dateOf(date, origin));
        return new Waiver(origin, path, kind, kernels, topologies(node, origin), reason, link, expires);
    }

    /** {@code topologies:}, a list of fixture names (absent: every fixture). */
    private static Set<String> topologies(JsonNode node, String origin) {
        JsonNode value = node.get("topologies");
        if (value == null || value.isNull()) {
            return Set.of();
        }
        if (!value.isArray() || value.isEmpty()) {
            throw malformed(origin, "'topologies' must be a list of fixture names, e.g. [cxl-expander]");
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        for (JsonNode name : value) {
            if (!name.isTextual() || !org.hmsabi.topology.TopologyLoader.isFixtureName(name.asText())) {
                throw malformed(origin, "'topologies' holds '" + name.asText() + "', which is no fixture name (fixtures/topologies/NAME.yaml)");
            }
            names.add(name.asText());
        }
        return names;
    }

    private static Optional<String> text(JsonNode node, String key, String origin) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw malformed(origin, "'" + key + "' must be a non-empty text");
        }
        return Optional.of(value.asText().trim());
    }

    private static String required(JsonNode node, String key, String origin) {
        return text(node, key, origin).orElseThrow(() -> malformed(origin, "'" + key + "' is required"));
    }

    private static Finding.Kind kindOf(String name, String origin) {
        try {
            return Finding.Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw malformed(origin, "'finding: " + name + "' is not one of " + List.of(Finding.Kind.values()));
        }
    }

    private static LocalDate dateOf(String text, String origin) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw malformed(origin, "'expires: " + text + "' is not a date like 2026-06-30");
        }
    }

    private static BadInputException malformed(String origin, String problem) {
        return new BadInputException(origin + ": " + problem);
    }

    /** The findings after waivers, and the account of every waiver. */
    public record Applied(List<Finding> findings, WaiverReport report) {
    }

    /**
     * The waiver that covers the whole finding; else, for a finding of several paths, one waiver
     * per path where every path is named by some waiver; else none. A path no waiver names keeps
     * the finding as it is.
     */
    private static List<Waiver> covering(List<Waiver> active, Finding finding, KernelInfo candidate, String topology) {
        Optional<Waiver> whole = active.stream().filter(w -> w.covers(finding, candidate, topology)).findFirst();
        if (whole.isPresent()) {
            return List.of(whole.get());
        }
        if (finding.paths().size() < 2) {
            return List.of();
        }
        List<Waiver> perPath = new ArrayList<>();
        for (String path : finding.paths()) {
            Optional<Waiver> naming = active.stream().filter(w -> w.coversPath(path, finding, candidate, topology)).findFirst();
            if (naming.isEmpty()) {
                return List.of();
            }
            if (!perPath.contains(naming.get())) {
                perPath.add(naming.get());
            }
        }
        return perPath;
    }

    /** Applies the waivers to the findings of a diff whose candidate is {@code candidate} on the fixture {@code topology}. */
    public Applied applyTo(List<Finding> findings, KernelInfo candidate, String topology, LocalDate today) {
        List<Waiver> active = waivers.stream().filter(waiver -> !waiver.isExpired(today)).toList();
        List<Waiver> used = new ArrayList<>();
        List<Finding> result = new ArrayList<>();
        for (Finding finding : findings) {
            List<Waiver> covering = covering(active, finding, candidate, topology);
            covering.stream().filter(w -> !used.contains(w)).forEach(used::add);
            result.add(covering.isEmpty() ? finding
                    : finding.waivedBy(covering.stream().map(Waiver::description).collect(java.util.stream.Collectors.joining("; "))));
        }
        List<Waiver> unused = active.stream().filter(waiver -> !used.contains(waiver)).toList();
        List<Waiver> expired = waivers.stream().filter(waiver -> waiver.isExpired(today)).toList();
        return new Applied(result, new WaiverReport(used, unused, expired));
    }
}
