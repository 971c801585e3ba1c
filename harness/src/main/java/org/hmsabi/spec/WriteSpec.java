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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.Messages;
import org.hmsabi.kernel.KernelRange;
import org.hmsabi.kernel.KernelVersion;

/**
 * The write side of the spec ({@code spec/writes.yaml}): every writable attribute of the area,
 * its permission bits, and per kernel range the writes the kernel accepts (with what the
 * attribute reads afterwards) and the ones it refuses (with the errno). Paths are the spec's
 * own; the one number a path may have ({@code <N>}) is filled in by the host.
 */
public final class WriteSpec {
    public static final String SCHEMA = "hmsabi-writes/1";
    private static final String BUNDLED = "/org/hmsabi/spec/data/writes.yaml";
    /** A repeated value is at most this long: past PAGE_SIZE is all a too-long write needs. */
    static final int MAX_VALUE_LENGTH = 16 * 1024;
    private static final Pattern ERRNO = Pattern.compile("E[A-Z0-9]+");
    private static final Pattern MODE = Pattern.compile("0[0-7]{3}");

    /** What a write must do. */
    public sealed interface Expectation {
        /** Accepted; the attribute then reads {@code reads}, or what it read before when empty. */
        record Accepted(Optional<String> reads) implements Expectation {
        }

        /** Refused with this errno. */
        record Refused(String errno) implements Expectation {
        }
    }

    /** One write of an attribute: the value (repeated {@code repeat} times) and what the kernels in {@code kernels} do. */
    public record Case(String value, int repeat, KernelRange kernels, Expectation expect) {
        /** The bytes written. */
        public String written() {
            return value.repeat(repeat);
        }

        /** How the value shows in ids and reports: {@code 0x5}, {@code (empty)}, {@code 1x4097}. */
        public String display() {
            if (repeat > 1) {
                return value + "x" + repeat;
            }
            return value.isEmpty() ? "(empty)" : value;
        }
    }

    /** A writable attribute. {@code path} may hold one {@code <N>}: the lowest number the guest shows there. */
    public record Attribute(String id, String path, KernelRange kernels, String mode, boolean restore, String doc, String source,
                            List<Case> writes) {
        public Attribute {
            writes = List.copyOf(writes);
        }

        /** The cases for a kernel: those whose range holds it. */
        public List<Case> writesFor(KernelVersion kernel) {
            return kernels.contains(kernel) ? writes.stream().filter(c -> c.kernels().contains(kernel)).toList() : List.of();
        }

        /** The record id of a case: {@code weighted_interleave/node/0x5}. */
        public String caseId(Case c) {
            return id + "/" + c.display();
        }

        /** Whether the path names one of several instances ({@code <N>}). */
        public boolean numbered() {
            return path.contains("<N>");
        }

        /** The directory whose entries hold the {@code <N>}. */
        public String parent() {
            return path.substring(0, path.lastIndexOf('/', path.indexOf("<N>")));
        }

        /** The path with {@code <N>} filled in. */
        public String instance(int number) {
            return path.replace("<N>", Integer.toString(number));
        }

        /** The number of a directory entry's name in the parent, if the entry is an instance of this attribute's path. */
        public Optional<Integer> numberOf(String entryPath) {
            String segment = path.substring(parent().length() + 1);
            int slash = segment.indexOf('/');
            String first = slash < 0 ? segment : segment.substring(0, slash);
            String prefix = entryPath.startsWith(parent() + "/") ? entryPath.substring(parent().length() + 1) : "";
            java.util.regex.Matcher m = Pattern.compile(Pattern.quote(first.substring(0, first.indexOf("<N>"))) + "([0-9]{1,9})"
                    + Pattern.quote(first.substring(first.indexOf("<N>") + 3))).matcher(prefix);
            return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        }
    }

    private final List<Attribute> attributes;

    WriteSpec(List<Attribute> attributes) {
        this.attributes = List.copyOf(attributes);
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    /** The attributes a kernel has, in spec order. */
    public List<Attribute> attributesFor(KernelVersion kernel) {
        return attributes.stream().filter(a -> a.kernels().contains(kernel)).toList();
    }

    public Optional<Attribute> attribute(String id) {
        return attributes.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /**
     * A recorded write against the spec: empty when it is what the spec says for this kernel, else
     * the one-line reason. {@code outcome} is {@code ok} or the errno name; {@code before} what
     * the attribute read before the write.
     */
    public Optional<String> judge(Attribute attribute, Case c, KernelVersion kernel, Optional<String> mode, String outcome,
                                  Optional<String> readBack, Optional<String> before) {
        List<String> problems = new ArrayList<>();
        if (mode.isPresent() && !mode.get().equals(attribute.mode())) {
            problems.add("mode " + mode.get() + ", the spec says " + attribute.mode());
        }
        if (c.expect() instanceof Expectation.Refused refused) {
            if (!outcome.equals(refused.errno())) {
                problems.add(("ok".equals(outcome) ? "accepted" : outcome) + ", the spec says " + refused.errno());
            }
        } else if (c.expect() instanceof Expectation.Accepted accepted) {
            if (!"ok".equals(outcome)) {
                problems.add(outcome + ", the spec says accepted");
            } else {
                Optional<String> wanted = accepted.reads().or(() -> before);
                if (wanted.isPresent() && !readBack.equals(wanted)) {
                    problems.add("reads " + readBack.map(v -> "'" + v + "'").orElse("nothing") + " after it, the spec says '"
                            + wanted.get() + "'" + (accepted.reads().isEmpty() ? " (unchanged)" : ""));
                }
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(attribute.caseId(c) + " on " + kernel + ": writing '"
                + shortly(c) + "' to " + attribute.path() + ": " + String.join("; ", problems) + " (spec/writes.yaml, " + attribute.source() + ")");
    }

    private static String shortly(Case c) {
        return c.repeat() > 1 ? c.value() + "' x " + c.repeat() + " '" : c.value();
    }

    // --- loading --------------------------------------------------------------------------------

    /** The spec in the harness jar, parsed once per process (it is immutable): every guest's capture asks for it. */
    public static WriteSpec bundled() {
        WriteSpec spec = bundled;
        if (spec == null) { // a race parses it twice, harmlessly; a failure is thrown as it is, every time
            spec = parseBundled();
            bundled = spec;
        }
        return spec;
    }

    private static volatile WriteSpec bundled;

    private static WriteSpec parseBundled() {
        try (InputStream in = WriteSpec.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new InfrastructureException("the harness jar lacks spec/writes.yaml; rebuild it with 'mvn -pl harness package'");
            }
            return parse(in, "spec/writes.yaml");
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the bundled write spec: " + e.getMessage(), e);
        }
    }

    public static WriteSpec load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the write spec: " + e.getMessage(), e);
        }
    }

    private record SpecFile(@JsonProperty(required = true) String schema, @JsonProperty(required = true) List<AttributeEntry> attributes) {
    }

    private record AttributeEntry(@JsonProperty(required = true) String id, @JsonProperty(required = true) String path,
                                  @JsonProperty(required = true) String kernels, @JsonProperty(required = true) String mode,
                                  Boolean restore, @JsonProperty(required = true) String doc,
                                  @JsonProperty(required = true) String source, @JsonProperty(required = true) List<WriteEntry> writes) {
    }

    private record WriteEntry(@JsonProperty(required = true) String value, Integer repeat, String kernels,
                              @JsonProperty(required = true) String expect, String reads) {
    }

    static WriteSpec parse(InputStream in, String source) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        SpecFile file;
        try {
            file = yaml.readValue(in, SpecFile.class);
        } catch (IOException e) {
            throw new BadInputException(source + ": not a valid write spec: " + org.hmsabi.ParseProblem.of(e)
                    + "; see the header of spec/writes.yaml for the format");
        }
        if (file == null) {
            throw new BadInputException(source + ": empty; see the header of spec/writes.yaml for the format");
        }
        if (!SCHEMA.equals(file.schema())) {
            throw new BadInputException(source + ": schema is '" + file.schema() + "', this harness reads " + SCHEMA);
        }
        List<Attribute> attributes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (AttributeEntry entry : file.attributes()) {
            String where = source + ": attribute '" + entry.id() + "'";
            if (!ids.add(entry.id())) {
                throw new BadInputException(where + " is listed twice; ids must be unique");
            }
            if (!entry.path().startsWith("/sys/") && !entry.path().startsWith("/proc/sys/")) {
                throw new BadInputException(where + ": path " + entry.path() + " is outside /sys and /proc/sys; only those are written");
            }
            if (entry.path().contains("..") || entry.path().contains("//") || entry.path().indexOf("<N>") != entry.path().lastIndexOf("<N>")
                    || entry.path().replace("<N>", "0").matches(".*[^A-Za-z0-9_/.-].*")) {
                throw new BadInputException(where + ": path " + entry.path() + " must be plain (no '..', at most one <N>)");
            }
            if (!MODE.matcher(entry.mode()).matches()) {
                throw new BadInputException(where + ": mode '" + entry.mode() + "' is not four octal digits like \"0644\"");
            }
            KernelRange range = range(entry.kernels(), where);
            List<Case> cases = new ArrayList<>();
            List<Case> seen = new ArrayList<>();
            for (WriteEntry write : entry.writes()) {
                cases.add(writeCase(write, range, where, seen));
            }
            if (cases.isEmpty()) {
                throw new BadInputException(where + " has no writes");
            }
            attributes.add(new Attribute(entry.id(), entry.path(), range, entry.mode(), entry.restore() == null || entry.restore(),
                    entry.doc(), entry.source(), cases));
        }
        return new WriteSpec(attributes);
    }

    private static Case writeCase(WriteEntry write, KernelRange attributeRange, String where, List<Case> seen) {
        int repeat = write.repeat() == null ? 1 : write.repeat();
        String value = write.value();
        String at = where + ", write '" + value + "'";
        if (repeat < 1 || (long) repeat * Math.max(1, value.length()) > MAX_VALUE_LENGTH || (repeat > 1 && value.isEmpty())) {
            throw new BadInputException(at + ": repeat " + repeat + " must be 1 .. " + MAX_VALUE_LENGTH + " bytes in all, of a non-empty value");
        }
        if (value.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new BadInputException(at + ": a value cannot hold control characters (TAB, newline); the agent protocol carries one line");
        }
        KernelRange range = write.kernels() == null ? attributeRange : range(write.kernels(), at);
        Expectation expect;
        if ("ok".equals(write.expect())) {
            if (write.reads() == null) {
                throw new BadInputException(at + ": an accepted write needs 'reads' (the value read afterwards, or unchanged)");
            }
            expect = new Expectation.Accepted("unchanged".equals(write.reads()) ? Optional.empty() : Optional.of(write.reads()));
        } else if (ERRNO.matcher(write.expect()).matches()) {
            if (write.reads() != null) {
                throw new BadInputException(at + ": a refused write has no 'reads'");
            }
            expect = new Expectation.Refused(write.expect());
        } else {
            throw new BadInputException(at + ": expect '" + write.expect() + "' is neither ok nor an errno name like EINVAL");
        }
        Case c = new Case(value, repeat, range, expect);
        // The same value twice is allowed only for disjoint kernel ranges (one record id per kernel).
        if (seen.stream().anyMatch(other -> other.display().equals(c.display()) && other.kernels().overlaps(range))) {
            throw new BadInputException(at + " is listed twice for overlapping kernels; give each a disjoint 'kernels'");
        }
        seen.add(c);
        return c;
    }

    private static KernelRange range(String text, String where) {
        try {
            return KernelRange.parse(text);
        } catch (RuntimeException e) {
            throw new BadInputException(where + ": kernels '" + text + "': " + Messages.firstLine(e.getMessage()));
        }
    }
}
