package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hmsabi.BadInputException;

/**
 * The pinned kernels of {@code fixtures/kernels.yaml}. The gate's default pair is the newest
 * pinned kernel of the baseline series and of the candidate series the file's {@code gate}
 * section names (6.1 and 6.12 today); moving the gate to new kernels is an edit of that file.
 */
public final class KernelPins {
    /** The file's place relative to the repository root. */
    public static final Path FIXTURE = Path.of("fixtures", "kernels.yaml");

    private final Optional<Path> source;
    private final Optional<GateSeries> gate;
    private final List<KernelPin> pins;
    private final List<PackagePin> headers;

    private KernelPins(Optional<Path> source, Optional<GateSeries> gate, List<KernelPin> pins, List<PackagePin> headers) {
        this.source = source;
        this.gate = gate;
        this.pins = List.copyOf(pins);
        this.headers = List.copyOf(headers);
    }

    /** The series the gate's default pair comes from; strings, since YAML would read 6.10 as 6.1. */
    record GateSeries(@JsonProperty("baseline") String baseline, @JsonProperty("candidate") String candidate) {}

    /** The YAML document. */
    record PinsFile(@JsonProperty("gate") GateSeries gate, @JsonProperty("kernels") List<KernelPin> kernels,
                    @JsonProperty("headers") List<PackagePin> headers) {}

    /** No pins: downloads are checked against the package index only. */
    public static KernelPins none() {
        return new KernelPins(Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    /** Reads a pins file; a malformed one is bad input naming the file and the problem. */
    public static KernelPins load(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        PinsFile document;
        try {
            document = yaml.readValue(Files.readAllBytes(file), PinsFile.class);
        } catch (DatabindException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String problem = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            throw new BadInputException(file + ": " + oneLine(problem) + "; fix the file", e);
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
        return new KernelPins(Optional.of(file), Optional.ofNullable(document.gate()), document.kernels(), headers);
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

    /** The pin for exactly this package version, if one exists. */
    public Optional<KernelPin> pinFor(DebianPackage pkg) {
        return pins.stream().filter(pin -> pin.pins(pkg)).findFirst();
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
        return text == null ? "unknown problem" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
