package org.hmsabi.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;

/**
 * hmsabi's own apt configuration: its sources, package lists and download cache live under
 * {@code <hmsabi cache>/apt/}, and every apt program hmsabi runs is pointed there with
 * {@code -o Dir::…} options, so the machine's own apt sources are never read or changed. The
 * suites come from {@code fixtures/kernels.yaml} ({@code archive.suites}); the mirror is the one
 * this machine's apt already uses for Debian (its proxies too), or {@code $HMSABI_DEBIAN_MIRROR}.
 * Release files are verified with Debian's archive keyring.
 *
 * <pre>
 * &lt;root&gt;/sources.list       written from the suites and mirrors
 * &lt;root&gt;/lists/             apt's package lists (Dir::State::Lists)
 * &lt;root&gt;/cache/             apt's cache (Dir::Cache), with its binary package caches
 * &lt;root&gt;/status             an empty dpkg status: nothing is "installed" here
 * &lt;root&gt;/updated            written after a successful update: the sources it was made from
 * </pre>
 */
public final class AptConfig {
    /** Environment variable: the Debian mirror to use instead of the machine's. */
    public static final String MIRROR_ENV = "HMSABI_DEBIAN_MIRROR";
    /** Environment variable: the Debian security mirror to use instead of the machine's. */
    public static final String SECURITY_MIRROR_ENV = "HMSABI_DEBIAN_SECURITY_MIRROR";
    /** Environment variable: hours after which the package lists are read anew (default 12). */
    public static final String MAX_AGE_ENV = "HMSABI_INDEX_MAX_AGE_HOURS";
    public static final Path KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");

    private static final Duration DEFAULT_MAX_AGE = Duration.ofHours(12);
    private static final Pattern MACHINE_URI = Pattern.compile("(?m)^\\s*(?:URIs:|deb(?:\\s+\\[[^]]*])?)\\s+(https?://\\S+?)/?(?:\\s|$)");

    private final Path root;
    private final List<AptSource> sources;
    private final Duration maxAge;
    private final CommandRunner runner = new CommandRunner();

    /** One line of sources.list: {@code deb [options] uri suite components}. */
    public record AptSource(String uri, String suite, List<String> components, List<String> options) {
        public AptSource {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(suite, "suite");
            components = List.copyOf(components);
            options = List.copyOf(options);
            if (Stream.concat(Stream.of(uri, suite), Stream.concat(components.stream(), options.stream()))
                    .anyMatch(word -> word.isEmpty() || word.chars().anyMatch(c -> Character.isWhitespace(c) || c == ']'))) {
                throw new IllegalArgumentException("malformed apt source: " + uri + " " + suite + " " + components);
            }
        }

        String line() {
            String opts = options.isEmpty() ? "" : " [" + String.join(" ", options) + "]";
            return "deb" + opts + " " + uri + " " + suite + (components.isEmpty() ? "" : " " + String.join(" ", components));
        }
    }

    public AptConfig(Path root, List<AptSource> sources, Duration maxAge) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.sources = List.copyOf(sources);
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("an apt configuration needs at least one source");
        }
    }

    /**
     * The configuration for {@code suites} of Debian's archive under {@code <hmsabi cache>/apt}:
     * security suites ({@code *-security}) from the security mirror, the rest from the main one.
     */
    public static AptConfig forSuites(Path hmsabiCache, List<String> suites, Map<String, String> environment) {
        String mirror = mirror(environment, MIRROR_ENV, "debian");
        String security = mirror(environment, SECURITY_MIRROR_ENV, "debian-security");
        List<String> signedBy = List.of("signed-by=" + KEYRING);
        List<AptSource> sources = suites.stream()
                .map(suite -> new AptSource(suite.endsWith("-security") ? security : mirror, suite, List.of("main"), signedBy))
                .toList();
        Duration maxAge = Optional.ofNullable(environment.get(MAX_AGE_ENV)).filter(s -> s.matches("\\d{1,5}"))
                .map(hours -> Duration.ofHours(Long.parseLong(hours))).orElse(DEFAULT_MAX_AGE);
        return new AptConfig(hmsabiCache.resolve("apt"), sources, maxAge);
    }

    /** The environment's mirror, else the one this machine's apt sources name for that archive, else Debian's. */
    static String mirror(Map<String, String> environment, String variable, String archive) {
        return Optional.ofNullable(environment.get(variable)).map(String::strip).filter(s -> s.matches("(https?|file):\\S+"))
                .map(s -> s.replaceAll("/+$", ""))
                .or(() -> machineMirror(archive))
                .orElse("http://deb.debian.org/" + archive);
    }

    /** The first http(s) URI in the machine's apt sources whose last path segment is {@code archive}. */
    private static Optional<String> machineMirror(String archive) {
        List<Path> files = new ArrayList<>();
        files.add(Path.of("/etc/apt/sources.list"));
        try (Stream<Path> parts = Files.isDirectory(Path.of("/etc/apt/sources.list.d"))
                ? Files.list(Path.of("/etc/apt/sources.list.d")) : Stream.empty()) {
            parts.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources")).sorted().forEach(files::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (Path file : files) {
            try {
                Matcher m = MACHINE_URI.matcher(Files.isRegularFile(file) ? Files.readString(file) : "");
                while (m.find()) {
                    if (m.group(1).endsWith("/" + archive)) {
                        return Optional.of(m.group(1));
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // an unreadable file names no mirror
            }
        }
        return Optional.empty();
    }

    public Path root() {
        return root;
    }

    public List<AptSource> sources() {
        return sources;
    }

    /** The options that point an apt program at this configuration and nothing else. */
    List<String> options() {
        return List.of(
                "-o", "Dir::Etc::SourceList=" + root.resolve("sources.list"),
                "-o", "Dir::Etc::SourceParts=" + root.resolve("sources.list.d"),
                "-o", "Dir::Etc::Preferences=" + root.resolve("preferences"),
                "-o", "Dir::Etc::PreferencesParts=" + root.resolve("preferences.d"),
                "-o", "Dir::State::Lists=" + root.resolve("lists"),
                "-o", "Dir::State::status=" + root.resolve("status"),
                "-o", "Dir::Cache=" + root.resolve("cache"),
                // Docker-built machines turn apt's binary caches off; without them every query
                // re-reads five suites' lists (seconds instead of a fraction of one).
                "-o", "Dir::Cache::pkgcache=pkgcache.bin",
                "-o", "Dir::Cache::srcpkgcache=srcpkgcache.bin",
                "-o", "APT::Architecture=amd64",
                "-o", "APT::Architectures::=amd64",
                "-o", "Acquire::Languages=none",
                "-o", "APT::Sandbox::User=root",
                "-o", "Debug::NoLocking=1");
    }

    /** An apt program with this configuration's options after its name. */
    List<String> command(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(options());
        command.addAll(List.of(arguments));
        return command;
    }

    private String sourcesText() {
        StringBuilder text = new StringBuilder("# written by hmsabi from fixtures/kernels.yaml; rewritten on every run\n");
        sources.forEach(source -> text.append(source.line()).append('\n'));
        return text.toString();
    }

    /**
     * Makes sure the package lists exist, are from the current sources and no older than the
     * maximum age, reading them anew with {@code apt-get update} otherwise (under a file lock, so
     * parallel hmsabi processes update once). A failed update with usable old lists is reported
     * through {@code progress} and the old lists are used; without lists it is an error.
     */
    public void ensureIndex(Consumer<String> progress, Duration timeout) {
        try {
            Files.createDirectories(root);
            try (EntryLock lock = EntryLock.acquire(root.resolve("update.lock"),
                    () -> progress.accept("waiting for another hmsabi process to read the Debian package index"))) {
                String wanted = sourcesText();
                if (isCurrent(wanted)) {
                    return;
                }
                for (String dir : List.of("lists/partial", "cache/archives/partial", "sources.list.d", "preferences.d")) {
                    Files.createDirectories(root.resolve(dir));
                }
                LocalFiles.writeAtomically(root.resolve("sources.list"), wanted.getBytes(StandardCharsets.UTF_8));
                if (!Files.exists(root.resolve("status"))) {
                    Files.createFile(root.resolve("status"));
                }
                boolean hadLists = hasLists();
                progress.accept("reading the Debian package index (" + sources.size() + " suites) into " + root);
                CommandRunner.Result result = runner.run(command("apt-get", "-q", "update"), root, timeout);
                boolean failed = !result.succeeded() || result.stderr().lines().anyMatch(l -> l.startsWith("W: Failed") || l.startsWith("E:"));
                if (failed && !hasLists()) {
                    throw new InfrastructureException("cannot read the Debian package index into " + root + ": "
                            + result.diagnostic() + "; check network access to the Debian mirror (or set " + MIRROR_ENV + ")");
                }
                if (failed) {
                    progress.accept("warning: reading the Debian package index failed (" + result.diagnostic()
                            + "); using the lists from " + (hadLists ? "before" : "this partial update"));
                    return;
                }
                LocalFiles.writeAtomically(root.resolve("updated"), wanted.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot write hmsabi's apt configuration at " + root + " ("
                    + e.getMessage() + "); free some space or set HMSABI_CACHE", e);
        }
    }

    /** Forgets the lists' age, so the next {@link #ensureIndex} reads the index anew. */
    public void expire() {
        try {
            Files.deleteIfExists(root.resolve("updated"));
        } catch (IOException e) {
            throw new InfrastructureException("cannot write hmsabi's apt configuration at " + root + " (" + e.getMessage() + ")", e);
        }
    }

    private boolean isCurrent(String wanted) throws IOException {
        Path stamp = root.resolve("updated");
        if (!Files.isRegularFile(stamp) || !hasLists() || !Files.readString(stamp).equals(wanted)) {
            return false;
        }
        FileTime updated = Files.getLastModifiedTime(stamp);
        return updated.toInstant().plus(maxAge).isAfter(Instant.now());
    }

    private boolean hasLists() throws IOException {
        Path lists = root.resolve("lists");
        if (!Files.isDirectory(lists)) {
            return false;
        }
        try (Stream<Path> files = Files.list(lists)) {
            return files.anyMatch(f -> f.getFileName().toString().contains("_Packages"));
        }
    }
}
