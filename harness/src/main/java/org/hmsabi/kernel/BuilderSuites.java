package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which Debian suite's module builder image has which compiler, as the image's package list says
 * ({@value #FILE}: a line {@code gcc-14 trixie} installs gcc-14 in the trixie image only). Data,
 * not code: a kernel built with a compiler no suite has yet is one line in that file away.
 *
 * @param suiteByCompiler the compiler package ({@code gcc-14}) to the suite whose image has it
 */
public record BuilderSuites(Map<String, String> suiteByCompiler) {
    /** The package list of the builder images, relative to the repository. */
    public static final String FILE = "vm-images/container/kbuild-packages";
    private static final Pattern COMPILER_LINE = Pattern.compile("^\\s*(gcc-[0-9]+)\\s+([a-z][a-z0-9-]*)\\s*(#.*)?$");

    public BuilderSuites {
        suiteByCompiler = Map.copyOf(suiteByCompiler);
    }

    /** The list in {@code repositoryRoot}; none when it is missing (not a clone of hmsabi). */
    public static BuilderSuites of(Path repositoryRoot) {
        Path file = repositoryRoot.resolve(FILE);
        try {
            return parse(Files.readString(file));
        } catch (IOException missing) {
            return new BuilderSuites(Map.of());
        }
    }

    static BuilderSuites parse(String packageList) {
        Map<String, String> suites = new TreeMap<>();
        packageList.lines().map(COMPILER_LINE::matcher).filter(Matcher::matches)
                .forEach(line -> suites.putIfAbsent(line.group(1), line.group(2)));
        return new BuilderSuites(suites);
    }

    /** The suite whose builder image has {@code gcc} ({@code gcc-14}). */
    public Optional<String> suiteFor(String gcc) {
        return Optional.ofNullable(suiteByCompiler.get(gcc));
    }

    /** {@code gcc-12 (bookworm), gcc-14 (trixie)}, for messages. */
    String describe() {
        return suiteByCompiler.isEmpty() ? "none" : new TreeMap<>(suiteByCompiler).entrySet().stream()
                .map(entry -> entry.getKey() + " (" + entry.getValue() + ")").collect(Collectors.joining(", "));
    }
}
