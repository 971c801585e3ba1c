package org.hmsabi.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.Messages;
import org.hmsabi.kernel.KernelRange;
import org.hmsabi.kernel.KernelVersion;

/**
 * The machine-readable ABI spec ({@code spec/attributes.yaml}): for any path, the rule that
 * covers it. The spec is data; adding an attribute is one YAML entry.
 */
public final class AbiSpec {
    private static final String BUNDLED = "/org/hmsabi/spec/data/attributes.yaml";

    private final List<AttributeRule> rules;

    private AbiSpec(List<AttributeRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The spec shipped inside the harness (copied from the repository's spec/ at build time). */
    public static AbiSpec bundled() {
        try (InputStream in = AbiSpec.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new InfrastructureException("the harness jar lacks spec/attributes.yaml; rebuild it with 'mvn -pl harness package'");
            }
            return parse(in, "spec/attributes.yaml");
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the bundled spec: " + e.getMessage(), e);
        }
    }

    public static AbiSpec load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the spec: " + e.getMessage(), e);
        }
    }

    public List<AttributeRule> rules() {
        return rules;
    }

    /** The first rule whose path pattern matches, if any, whatever the kernel. */
    public Optional<AttributeRule> find(String path) {
        return rules.stream().filter(rule -> rule.path().matches(path)).findFirst();
    }

    /**
     * The rule that decides a path on a kernel: the first whose pattern matches and that applies to
     * the kernel (a rule's {@code until} ends it; see {@link AttributeRule#appliesTo}). With no
     * known kernel, the same as {@link #find(String)}.
     */
    public Optional<AttributeRule> find(String path, Optional<KernelVersion> kernel) {
        return rules.stream().filter(rule -> rule.appliesTo(kernel) && rule.path().matches(path)).findFirst();
    }

    /** The covering rule, or the rule for undocumented paths. */
    public AttributeRule ruleFor(String path) {
        return find(path).orElseGet(() -> AttributeRule.unknown(path));
    }

    // --- YAML form ---------------------------------------------------------------------------

    private record SpecFile(@JsonProperty(required = true) List<Entry> attributes) {
    }

    private record Entry(
            @JsonProperty(required = true) String path,
            Shape shape,
            @JsonProperty(value = "class", required = true) ValueClass valueClass,
            Map<String, ValueClass> rows,
            @JsonProperty(required = true) Stability stability,
            String doc,
            String grammar,
            String row,
            List<String> values,
            String pattern,
            String target,
            String kernels,
            String since,
            String until,
            List<Condition> requires,
            Presence presence) {

        AttributeRule toRule() {
            Map<PathPattern, ValueClass> rowClasses = new LinkedHashMap<>();
            if (rows != null) {
                rows.forEach((name, cls) -> rowClasses.put(PathPattern.of(name), cls));
            }
            return new AttributeRule(PathPattern.of(path), shape == null ? Shape.SCALAR : shape, valueClass, rowClasses,
                    stability, doc == null ? "" : doc,
                    Grammar.of(grammar == null ? "text" : grammar, values, pattern, row, target),
                    kernelRange(),
                    requires == null ? Set.of() : Set.copyOf(requires),
                    presence == null ? Presence.REQUIRED : presence);
        }

        /** {@code kernels}, or the older {@code since}/{@code until} pair; never both. */
        private KernelRange kernelRange() {
            if (kernels != null && (since != null || until != null)) {
                throw new BadInputException("give 'kernels' or the older 'since'/'until', not both");
            }
            try {
                return kernels != null ? KernelRange.parse(kernels) : KernelRange.of(
                        Optional.ofNullable(since).map(KernelVersion::parse), Optional.ofNullable(until).map(KernelVersion::parse));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage(), e);
            }
        }
    }

    private static AbiSpec parse(InputStream in, String source) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            SpecFile file = yaml.readValue(in, SpecFile.class);
            List<AttributeRule> rules = new ArrayList<>();
            for (Entry entry : file.attributes()) {
                try {
                    rules.add(entry.toRule());
                } catch (BadInputException e) {
                    throw new BadInputException(source + ": entry " + entry.path() + ": " + e.getMessage(), e);
                }
            }
            return new AbiSpec(rules);
        } catch (IOException e) {
            throw new BadInputException(source + ": not a valid spec file: " + org.hmsabi.ParseProblem.of(e)
                    + "; see the header of spec/attributes.yaml for the format", e);
        }
    }
}
