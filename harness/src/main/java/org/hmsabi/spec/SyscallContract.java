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
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.Messages;
import org.hmsabi.kernel.KernelRange;
import org.hmsabi.kernel.KernelVersion;

/**
 * The mempolicy syscall contract ({@code spec/syscalls.yaml}): for a case on a kernel, the rule
 * that decides its outcome, and the check of an observed outcome against it.
 */
public final class SyscallContract {
    public static final String SCHEMA = "hmsabi-syscalls/1";
    private static final String BUNDLED = "/org/hmsabi/spec/data/syscalls.yaml";

    private static final Set<String> MASK_CLASSES = Set.of("empty", "memory", "mixed", "no-memory", "beyond-max", "too-large", "null", "bad-address");
    private static final Map<SyscallTraits.Key, Set<String>> ALLOWED = allowedValues();

    private final List<SyscallRule> rules;
    private final List<SyscallBehaviour> behaviours;

    SyscallContract(List<SyscallRule> rules) {
        this(rules, List.of());
    }

    SyscallContract(List<SyscallRule> rules, List<SyscallBehaviour> behaviours) {
        this.rules = List.copyOf(rules);
        this.behaviours = List.copyOf(behaviours);
    }

    public static SyscallContract bundled() {
        try (InputStream in = SyscallContract.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new InfrastructureException("the harness jar lacks spec/syscalls.yaml; rebuild it with 'mvn -pl harness package'");
            }
            return parse(in, "spec/syscalls.yaml");
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the bundled syscall contract: " + e.getMessage(), e);
        }
    }

    public static SyscallContract load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the syscall contract: " + e.getMessage(), e);
        }
    }

    public List<SyscallRule> rules() {
        return rules;
    }

    /** The rule that decides this case on this kernel: the first that matches. */
    public SyscallRule ruleFor(SyscallCase c, SyscallFacts facts, KernelVersion kernel) {
        Map<SyscallTraits.Key, String> traits = SyscallTraits.of(c, facts);
        return rules.stream().filter(rule -> rule.matches(c, traits, kernel)).findFirst()
                .orElseThrow(() -> new IllegalStateException("spec/syscalls.yaml has no rule for " + c + " on " + kernel
                        + "; every call needs a final catch-all rule"));
    }

    /** What this kernel does for a named behaviour; empty when no range of the contract holds it. */
    public Optional<SyscallBehaviour> behaviour(String name, KernelVersion kernel) {
        if (!SyscallBehaviour.KNOWN.containsKey(name)) {
            throw new IllegalArgumentException("spec/syscalls.yaml knows no behaviour '" + name + "'");
        }
        return behaviours.stream().filter(b -> b.name().equals(name) && b.kernels().contains(kernel)).findFirst();
    }

    public SyscallExpectation expected(SyscallCase c, SyscallFacts facts, KernelVersion kernel) {
        return ruleFor(c, facts, kernel).expect();
    }

    /** Empty when the observed outcome (errno null on success) is what the contract says. */
    public Optional<SyscallMismatch> check(SyscallCase c, SyscallFacts facts, String kernelRelease, long result, String errno) {
        SyscallRule rule = ruleFor(c, facts, KernelVersion.parse(kernelRelease));
        return rule.expect().accepts(result, errno) ? Optional.empty()
                : Optional.of(new SyscallMismatch(c, kernelRelease, rule.id(), rule.expect(), result, errno));
    }

    // --- YAML form ---------------------------------------------------------------------------

    private record ContractFile(@JsonProperty(required = true) String schema,
                                @JsonProperty("max_numnodes") Integer maxNumnodes,
                                @JsonProperty(required = true) List<RuleEntry> rules,
                                Map<String, List<BehaviourEntry>> behaviours) {
    }

    private record BehaviourEntry(@JsonProperty(required = true) String kernels,
                                  @JsonProperty(required = true) String value,
                                  @JsonProperty(required = true) String source,
                                  String note) {
    }

    private record RuleEntry(@JsonProperty(required = true) String id,
                             @JsonProperty(required = true) List<String> calls,
                             String kernels,
                             Map<String, List<String>> when,
                             @JsonProperty(required = true) String expect,
                             String source,
                             String note) {
    }

    static SyscallContract parse(InputStream in, String source) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ContractFile file;
        try {
            file = yaml.readValue(in, ContractFile.class);
        } catch (IOException e) {
            throw new BadInputException(source + ": not a valid syscall contract: " + Messages.firstLine(e.getMessage())
                    + "; see the header of spec/syscalls.yaml for the format", e);
        }
        if (!SCHEMA.equals(file.schema())) {
            throw new BadInputException(source + ": schema is '" + file.schema() + "', this harness reads " + SCHEMA);
        }
        if (file.maxNumnodes() != null && file.maxNumnodes() != SyscallFacts.MAX_NUMNODES) {
            throw new BadInputException(source + ": max_numnodes " + file.maxNumnodes() + " differs from the harness's " + SyscallFacts.MAX_NUMNODES);
        }
        List<SyscallRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RuleEntry entry : file.rules()) {
            String where = source + ": rule '" + entry.id() + "'";
            if (!ids.add(entry.id())) {
                throw new BadInputException(where + " appears twice; rule ids must be unique");
            }
            try {
                rules.add(toRule(entry));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(where + ": " + e.getMessage(), e);
            }
        }
        return new SyscallContract(rules, behaviours(file.behaviours() == null ? Map.of() : file.behaviours(), source));
    }

    /** Each behaviour's ranges, checked: known names and values, and no kernel in two ranges of one name. */
    private static List<SyscallBehaviour> behaviours(Map<String, List<BehaviourEntry>> entries, String source) {
        List<SyscallBehaviour> result = new ArrayList<>();
        entries.forEach((name, ranges) -> {
            Set<String> values = SyscallBehaviour.KNOWN.get(name);
            if (values == null) {
                throw new BadInputException(source + ": unknown behaviour '" + name + "'; known: " + new java.util.TreeSet<>(SyscallBehaviour.KNOWN.keySet()));
            }
            List<SyscallBehaviour> mine = new ArrayList<>();
            for (BehaviourEntry entry : ranges) {
                String where = source + ": behaviour '" + name + "' " + entry.kernels();
                if (!values.contains(entry.value())) {
                    throw new BadInputException(where + ": value '" + entry.value() + "' is not one of " + new java.util.TreeSet<>(values));
                }
                KernelRange range;
                try {
                    range = kernelsOf(entry.kernels());
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(where + ": " + e.getMessage(), e);
                }
                for (SyscallBehaviour other : mine) {
                    if (range.overlaps(other.kernels())) {
                        throw new BadInputException(where + " overlaps " + other.kernels().text() + "; one kernel, one value");
                    }
                }
                mine.add(new SyscallBehaviour(name, range, entry.value(), entry.source(), entry.note() == null ? "" : entry.note()));
            }
            result.addAll(mine);
        });
        return result;
    }

    /** A rule's or behaviour's {@code kernels}: every kernel when left out, else versions (never named kernels). */
    private static KernelRange kernelsOf(String text) {
        KernelRange range = text == null ? KernelRange.ALL : KernelRange.parse(text);
        if (!range.kernels().isEmpty()) {
            throw new IllegalArgumentException("kernels '" + text + "': the contract holds for kernel versions, not for named kernels");
        }
        return range;
    }

    private static SyscallRule toRule(RuleEntry entry) {
        Set<MempolicyCall> calls = EnumSet.noneOf(MempolicyCall.class);
        for (String name : entry.calls()) {
            calls.add(MempolicyCall.byKernelName(name).orElseThrow(() -> new IllegalArgumentException("unknown call '" + name + "'")));
        }
        Map<SyscallTraits.Key, Set<String>> values = new EnumMap<>(SyscallTraits.Key.class);
        List<SyscallRule.FlagTest> flagTests = new ArrayList<>();
        Map<String, List<String>> when = entry.when() == null ? Map.of() : entry.when();
        for (Map.Entry<String, List<String>> condition : when.entrySet()) {
            Optional<SyscallRule.FlagTest> flagTest = flagTest(condition.getKey(), condition.getValue());
            if (flagTest.isPresent()) {
                flagTests.add(flagTest.get());
                continue;
            }
            SyscallTraits.Key key = traitKey(condition.getKey());
            if (condition.getValue() == null || condition.getValue().contains(null)) {
                throw new IllegalArgumentException("'" + condition.getKey() + "' holds a YAML null; write \"null\" in quotes");
            }
            Set<String> accepted = new LinkedHashSet<>(condition.getValue());
            Set<String> unknown = new LinkedHashSet<>(accepted);
            unknown.removeAll(ALLOWED.get(key));
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("'" + condition.getKey() + "' cannot be " + unknown + "; it takes " + ALLOWED.get(key));
            }
            values.put(key, accepted);
        }
        return new SyscallRule(entry.id(), calls, kernelsOf(entry.kernels()), values, flagTests,
                SyscallExpectation.parse(entry.expect()), entry.source() == null ? "" : entry.source(), entry.note() == null ? "" : entry.note());
    }

    private static Optional<SyscallRule.FlagTest> flagTest(String key, List<String> names) {
        boolean onMode = key.startsWith("modeFlags");
        String kindText = key.replaceFirst("^(modeFlags|flags)", "");
        if (!key.startsWith("modeFlags") && !key.startsWith("flags")) {
            return Optional.empty();
        }
        SyscallRule.FlagTest.Kind kind = switch (kindText) {
            case "" -> SyscallRule.FlagTest.Kind.ALL;
            case "Any" -> SyscallRule.FlagTest.Kind.ANY;
            case "None" -> SyscallRule.FlagTest.Kind.NONE;
            case "OtherThan" -> SyscallRule.FlagTest.Kind.OTHER_THAN;
            default -> throw new IllegalArgumentException("unknown condition '" + key + "'");
        };
        Set<MempolicyFlag> flags = EnumSet.noneOf(MempolicyFlag.class);
        for (String name : names == null ? List.<String>of() : names) {
            MempolicyFlag flag;
            try {
                flag = MempolicyFlag.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown flag '" + name + "' in '" + key + "'");
            }
            if (flag.isModeFlag() != onMode) {
                throw new IllegalArgumentException("'" + name + "' is " + (onMode ? "not a mode flag" : "a mode flag") + " ('" + key + "')");
            }
            flags.add(flag);
        }
        return Optional.of(new SyscallRule.FlagTest(kind, onMode, flags));
    }

    private static SyscallTraits.Key traitKey(String key) {
        try {
            return SyscallTraits.Key.valueOf(key.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown condition '" + key + "'");
        }
    }

    private static Map<SyscallTraits.Key, Set<String>> allowedValues() {
        Map<SyscallTraits.Key, Set<String>> allowed = new EnumMap<>(SyscallTraits.Key.class);
        Set<String> modes = new LinkedHashSet<>();
        for (MempolicyMode mode : MempolicyMode.values()) {
            modes.add(mode.name());
        }
        allowed.put(SyscallTraits.Key.MODE, modes);
        allowed.put(SyscallTraits.Key.MASK, MASK_CLASSES);
        allowed.put(SyscallTraits.Key.FROM, MASK_CLASSES);
        allowed.put(SyscallTraits.Key.TO, MASK_CLASSES);
        allowed.put(SyscallTraits.Key.MAXNODE, Set.of("below-possible", "too-large", "ok"));
        allowed.put(SyscallTraits.Key.ADDR, Set.of("map", "null", "unaligned", "unmapped"));
        allowed.put(SyscallTraits.Key.RANGE, Set.of("empty", "pages"));
        Set<String> policies = new LinkedHashSet<>(modes);
        policies.add("NONE");
        allowed.put(SyscallTraits.Key.POLICY, policies);
        allowed.put(SyscallTraits.Key.HOME, Set.of("online", "offline", "beyond-max"));
        allowed.put(SyscallTraits.Key.PID, Set.of("self", "none", "gone", "child"));
        allowed.put(SyscallTraits.Key.USER, Set.of("root", "nobody"));
        allowed.put(SyscallTraits.Key.PAGES, Set.of("none", "inside", "outside"));
        allowed.put(SyscallTraits.Key.BACKING, java.util.Arrays.stream(MempolicyBacking.values()).map(MempolicyBacking::agentText)
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
        allowed.put(SyscallTraits.Key.CUT, java.util.Arrays.stream(MempolicyCut.values()).map(MempolicyCut::agentText)
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
        return allowed;
    }
}
