package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.Messages;
import org.hmsabi.kernel.KernelRef.DebianKernel;

/**
 * {@code fixtures/kernels.yaml}: the Debian suites hmsabi's own apt configuration reads, the
 * gate's default series, the pinned kernels (every package with version and SHA-256) and the
 * pinned headers packages. The gate's default pair is the newest pinned kernel of the baseline
 * series and of the candidate series; moving the gate is an edit of that file, re-pinning is
 * {@code hmsabi kernels pin}.
 */
public final class KernelPins {
    /** The file's place relative to the repository root. */
    public static final Path FIXTURE = Path.of("fixtures", "kernels.yaml");
    /** Every suite of the archive that carries amd64 kernels hmsabi follows. */
    public static final List<String> DEFAULT_SUITES = List.of("bookworm", "bookworm-security", "trixie", "trixie-backports", "sid");

    private static final String HEADER = """
            # Kernels hmsabi follows and pins. Written by `hmsabi kernels pin` (which keeps the notes);
            # edit `archive` and `gate` by hand.
            #
            # archive.suites: the Debian suites hmsabi's own apt configuration reads (under the cache
            #   directory, from the Debian mirror this machine's apt uses; the machine's sources are
            #   never read or changed).
            # gate: the series of the gate's default pair; the newest pinned kernel of each is used.
            #   Series are quoted: unquoted YAML reads 6.10 as the number 6.1.
            # kernels: each pinned kernel, every package it is fetched from (the one with the image
            #   first) with the version and SHA-256 the package index gave when it was pinned. A
            #   download must match; a verified copy in the cache stays usable after the archive has
            #   dropped the version; a pinned package that is neither offered nor cached makes the
            #   kernel unavailable (exit 4; tests that need it are skipped, the gate and bisect skip it).
            # headers: the headers and kbuild packages out-of-tree modules are built against.
            """;

    private final Optional<Path> source;
    private final List<String> suites;
    private final Optional<GateSeries> gate;
    private final List<KernelPin> pins;
    private final List<PackagePin> headers;

    private KernelPins(Optional<Path> source, List<String> suites, Optional<GateSeries> gate, List<KernelPin> pins,
                       List<PackagePin> headers) {
        this.source = source;
        this.suites = List.copyOf(suites);
        this.gate = gate;
        this.pins = List.copyOf(pins);
        this.headers = List.copyOf(headers);
    }

    /** The series the gate's default pair comes from; strings, since YAML would read 6.10 as 6.1. */
    @JsonPropertyOrder({"baseline", "candidate"})
    record GateSeries(@JsonProperty("baseline") String baseline, @JsonProperty("candidate") String candidate) {}

    /** Where kernels come from. */
    record Archive(@JsonProperty("suites") List<String> suites) {}

    /** The YAML document. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"archive", "gate", "kernels", "headers"})
    record PinsFile(@JsonProperty("archive") Archive archive, @JsonProperty("gate") GateSeries gate,
                    @JsonProperty("kernels") List<KernelPin> kernels, @JsonProperty("headers") List<PackagePin> headers) {}

    /** No pins: downloads are checked against the package index only; the default suites. */
    public static KernelPins none() {
        return new KernelPins(Optional.empty(), DEFAULT_SUITES, Optional.empty(), List.of(), List.of());
    }

    private static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Reads a pins file; a malformed one is bad input naming the file and the problem. */
    public static KernelPins load(Path file) {
        PinsFile document;
        try {
            document = yaml().readValue(Files.readAllBytes(file), PinsFile.class);
        } catch (DatabindException e) {
            throw new BadInputException(file + ": " + org.hmsabi.ParseProblem.of(e) + "; fix the file", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read kernel pins (" + oneLine(e.getMessage()) + ")", e);
        }
        if (document == null || document.kernels() == null || document.kernels().isEmpty()) {
            throw new BadInputException(file + ": no kernels pinned; add a 'kernels:' list");
        }
        if (document.kernels().stream().anyMatch(Objects::isNull)) {
            throw new BadInputException(file + ": empty entry in 'kernels:'; fix the file");
        }
        List<PackagePin> headers = Objects.requireNonNullElse(document.headers(), List.of());
        if (headers.stream().anyMatch(Objects::isNull)) {
            throw new BadInputException(file + ": empty entry in 'headers:'; fix the file");
        }
        List<String> suites = Optional.ofNullable(document.archive()).map(Archive::suites).orElse(DEFAULT_SUITES);
        if (suites.isEmpty() || suites.stream().anyMatch(s -> s == null || !s.matches("[a-z][a-z0-9-]{1,40}"))) {
            throw new BadInputException(file + ": 'archive: suites:' must list Debian suite names such as bookworm or trixie-backports; fix the file");
        }
        List<String> references = document.kernels().stream().map(KernelPin::reference).toList();
        if (references.stream().distinct().count() != references.size()) {
            throw new BadInputException(file + ": a kernel is pinned twice; keep one entry per kernel");
        }
        return new KernelPins(Optional.of(file), suites, Optional.ofNullable(document.gate()), document.kernels(), headers);
    }

    /** Writes these pins to their file (atomically), with the explanatory header. */
    public void save() {
        Path file = source.orElseThrow(() -> new BadInputException("no fixtures/kernels.yaml to write pins into; run inside an hmsabi checkout"));
        PinsFile document = new PinsFile(new Archive(suites), gate.orElse(null),
                pins.stream().sorted(Comparator.comparing((KernelPin pin) -> pin.kernel().abi(), DebianVersion.ORDER)).toList(),
                headers.stream().sorted(Comparator.comparing(PackagePin::packageName, DebianVersion.ORDER)).toList());
        try {
            String body = yaml().writeValueAsString(document);
            LocalFiles.writeAtomically(file, (HEADER + body).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InfrastructureException(file + ": cannot write the pins (" + oneLine(e.getMessage()) + ")", e);
        }
    }

    /** These pins with {@code pin} replacing the pin of the same kernel (or added), and the headers given replacing theirs. */
    public KernelPins with(KernelPin pin, List<PackagePin> newHeaders) {
        List<KernelPin> kernels = new java.util.ArrayList<>(pins.stream().filter(p -> !p.reference().equals(pin.reference())).toList());
        kernels.add(pin);
        List<String> replaced = newHeaders.stream().map(PackagePin::packageName).toList();
        List<PackagePin> mergedHeaders = new java.util.ArrayList<>(headers.stream().filter(h -> !replaced.contains(h.packageName())).toList());
        mergedHeaders.addAll(newHeaders);
        return new KernelPins(source, suites, gate, kernels, mergedHeaders);
    }

    /** The pins file of the repository containing {@code directory}, searching upwards. */
    public static Optional<Path> find(Path directory) {
        for (Path dir = directory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FIXTURE);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The pins file found from {@code directory} upwards, or {@link #none()}. */
    public static KernelPins findOrNone(Path directory) {
        return find(directory).map(KernelPins::load).orElseGet(KernelPins::none);
    }

    public List<KernelPin> pins() {
        return pins;
    }

    /** The Debian suites to read kernels from. */
    public List<String> suites() {
        return suites;
    }

    /** The pinned headers and kbuild packages (for building out-of-tree modules). */
    public List<PackagePin> headers() {
        return headers;
    }

    /** The pin for this headers or kbuild package name, if one exists. */
    public Optional<PackagePin> headersPinFor(String packageName) {
        return headers.stream().filter(pin -> pin.packageName().equals(packageName)).findFirst();
    }

    /** Where the pins came from, for messages: the file, or "no pins file". */
    public String describeSource() {
        return source.map(Path::toString).orElse("no pins file");
    }

    /** The pin of this exact kernel, if it is pinned. */
    public Optional<KernelPin> pinFor(DebianKernel kernel) {
        return pins.stream().filter(pin -> pin.kernel().equals(kernel)).findFirst();
    }

    /** The newest pinned kernel of a series, by ABI. */
    public Optional<KernelPin> newestIn(String series) {
        return pins.stream()
                .filter(pin -> pin.series().equals(series))
                .max(Comparator.comparing(pin -> pin.kernel().abi(), DebianVersion.ORDER));
    }

    /** The gate's default pair; bad input if the file names no gate series or pins none of one. */
    public KernelPair defaults() {
        GateSeries series = gate.filter(g -> g.baseline() != null && g.candidate() != null)
                .orElseThrow(() -> new BadInputException(describeSource()
                        + ": no 'gate: {baseline: SERIES, candidate: SERIES}' section; add one"));
        return new KernelPair(newestPinned(series.baseline()), newestPinned(series.candidate()));
    }

    private KernelPin newestPinned(String series) {
        return newestIn(series).orElseThrow(() -> new BadInputException(describeSource()
                + ": the gate uses series " + series + " but no " + series + " kernel is pinned; pin one"));
    }

    private static String oneLine(String text) {
        return text == null ? "unknown problem" : Messages.joinLines(text);
    }
}
