package org.hmsabi.topology;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.hmsabi.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads topology fixtures: YAML in {@code fixtures/topologies/}, format described in that
 * directory's README.md. Every fixture is validated on load, so a {@link Topology} from here is
 * one QEMU 7.2 will accept.
 */
public final class TopologyLoader {

    /** A bare fixture name, as opposed to a path. */
    private static final Pattern FIXTURE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** Whether {@code name} is a fixture's name (fixtures/topologies/NAME.yaml): lower-case letters, digits and '-'. */
    public static boolean isFixtureName(String name) {
        return FIXTURE_NAME.matcher(name).matches();
    }
    private static final String EXTENSION = ".yaml";

    /** Configured once and never changed, so sharing it is safe. */
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // An empty list item ("-" alone) is a mistake, not an entry to skip.
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .build();

    private TopologyLoader() {
    }

    /**
     * Loads and validates a fixture. A bare name ({@code two-socket}) means
     * {@code fixturesDir/two-socket.yaml}; anything else is a path to a YAML file.
     *
     * @throws BadInputException if the file is missing, unreadable, malformed or describes a
     *                           topology QEMU or the guest would reject
     */
    public static Topology load(String nameOrPath, Path fixturesDir) throws BadInputException {
        Path file = resolve(nameOrPath, fixturesDir);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(notFound(nameOrPath, file, fixturesDir));
        }
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the fixture (" + e.getMessage() + "); check the path"
                    + " and its permissions", e);
        }
        return parse(yaml, file.toString(), stem(file));
    }

    /**
     * Parses and validates fixture text.
     *
     * @param source   how messages name the text, normally its path
     * @param fileName the name the topology gets when it has no {@code name:} (and must match if it has one)
     */
    public static Topology parse(String yaml, String source, String fileName) throws BadInputException {
        Topology topology = assemble(yaml, source, fileName);
        TopologyValidator.requireValid(topology, source);
        return topology;
    }

    /**
     * Parses fixture text into a topology without the machine checks of
     * {@link TopologyValidator}; only the document's own problems are reported. For tests that
     * need an invalid machine, e.g. to show that QEMU rejects it too.
     */
    static Topology assemble(String yaml, String source, String fileName) throws BadInputException {
        TopologyDocument document;
        KeyLocations keys = null;
        try (KeyLocations parser = new KeyLocations(YAML.createParser(yaml))) {
            keys = parser;
            document = YAML.readValue(parser, TopologyDocument.class);
        } catch (MismatchedInputException e) {
            if (!e.getOriginalMessage().startsWith("No content to map")) {
                throw new BadInputException(YamlErrorMessage.describe(source, e, keys), e);
            }
            document = null;
        } catch (JsonProcessingException e) {
            throw new BadInputException(YamlErrorMessage.describe(source, e, keys), e);
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read the fixture (" + e.getMessage() + ")", e);
        }
        if (document == null) {
            throw new BadInputException(source + ": the fixture is empty; see fixtures/topologies/README.md for the format");
        }
        Problems problems = new Problems();
        Optional<Topology> topology = new TopologyAssembler(problems).assemble(document, fileName);
        problems.throwIfAny(source);
        return topology.orElseThrow();
    }

    /** The names of the fixtures in a directory, sorted. */
    public static List<String> names(Path fixturesDir) throws BadInputException {
        if (!Files.isDirectory(fixturesDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(fixturesDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(EXTENSION))
                    .map(TopologyLoader::stem).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(fixturesDir + ": cannot list the fixtures (" + e.getMessage() + ")", e);
        }
    }

    static Path resolve(String nameOrPath, Path fixturesDir) {
        if (isFixtureName(nameOrPath)) {
            return fixturesDir.resolve(nameOrPath + EXTENSION);
        }
        return Path.of(nameOrPath);
    }

    private static String notFound(String nameOrPath, Path file, Path fixturesDir) {
        if (!isFixtureName(nameOrPath)) {
            return file + ": no such topology file; give an existing YAML path or a fixture name";
        }
        List<String> known = names(fixturesDir);
        return file + ": no topology fixture '" + nameOrPath + "'; use one of: "
                + (known.isEmpty() ? "(none in " + fixturesDir + ")" : String.join(", ", known))
                + ", or a path to a YAML file";
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(EXTENSION) ? name.substring(0, name.length() - EXTENSION.length()) : name;
    }
}
