package org.hmsabi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation true to the repository (docs/contributing.md, "Documentation"): every
 * relative link in README.md, docs/ and every other Markdown file resolves to a file or directory
 * inside the repository (and an {@code #anchor} to a heading of the Markdown file it names), no
 * file points at documents outside the repository, and README.md stays short. No guest.
 */
class DocsLinksTest {
    /** README.md is the five-minute read; the rest belongs in docs/. */
    static final int README_MAX_LINES = 150;

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", ".git", ".cache", ".jqwik-database", "build");

    /** Inline links and images: [text](target "title"), ![alt](target). */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** Reference definitions: [label]: target. */
    private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s+\"[^\"]*\")?\\s*$");
    /** HTML inside Markdown: src="..." and href="...". */
    private static final Pattern HTML_LINK = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*(```|~~~).*?^\\s*\\1[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?!`).*?(?<!`)\\1(?!`)", Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("(?:id|name)=\"([^\"]+)\"");

    /**
     * Pointers out of the repository: the design notes the project grew from (never shipped with
     * it) and absolute paths of a particular machine. Written so this file does not match itself.
     */
    private static final List<Pattern> OUTSIDE = List.of(
            Pattern.compile("(?<![\\w-])shared" + "/"),
            Pattern.compile("(?<![\\w-])design" + "\\.md\\b"),
            Pattern.compile("(?<![\\w.~-])/(?:work|root)" + "/"));

    private static final Path ROOT = repositoryRoot();

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        List<Path> markdown = markdownFiles();
        assertThat(markdown).as("Markdown files under %s", ROOT).contains(ROOT.resolve("README.md"));
        assertThat(markdown).as("docs/ holds the documentation").anyMatch(file -> file.startsWith(ROOT.resolve("docs")));
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path file : markdown) {
            for (String target : links(Files.readString(file))) {
                problem(file, target, anchors).ifPresent(broken::add);
            }
        }
        assertThat(broken).as("broken links (file: target: problem)").isEmpty();
    }

    @Test
    void nothingPointsOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : textFiles()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (OUTSIDE.stream().anyMatch(outside -> outside.matcher(line).find())) {
                    found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + line.strip());
                }
            }
        }
        assertThat(found).as("pointers to documents or paths outside the repository; point into docs/ instead").isEmpty();
    }

    @Test
    void readmeIsAFiveMinuteRead() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        assertThat(lines.size()).as("README.md lines; move details into docs/").isLessThan(README_MAX_LINES);
    }

    @Test
    void theLinkCheckerSeesLinksAndNotCode() {
        String text = """
                See [the CLI](docs/cli.md#exit-codes), ![picture](docs/a.svg "title") and <img src="x.svg">.
                [ref]: docs/formats.md
                `[not a link](nowhere.md)`
                ```
                [nor this](nowhere.md)
                ```
                [web](https://example.org) [here](#top)
                """;
        assertThat(links(text)).containsExactlyInAnyOrder("docs/cli.md#exit-codes", "docs/a.svg", "x.svg",
                "docs/formats.md", "https://example.org", "#top");
        assertThat(slug("Exit codes")).isEqualTo("exit-codes");
        assertThat(slug("`hmsabi gate` (the CI gate)")).isEqualTo("hmsabi-gate-the-ci-gate");
        assertThat(slug("Kernels: pins, the archive & the cache")).isEqualTo("kernels-pins-the-archive--the-cache");
    }

    /** The link targets of a Markdown text, outside code blocks and code spans. */
    static List<String> links(String markdown) {
        String text = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("x");
        List<String> targets = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE_LINK, REFERENCE_LINK, HTML_LINK)) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                targets.add(matcher.group(1));
            }
        }
        return targets;
    }

    private static java.util.Optional<String> problem(Path file, String target, Map<Path, Set<String>> anchors) {
        String where = ROOT.relativize(file) + ": " + target + ": ";
        if (SCHEME.matcher(target).find()) {
            return target.startsWith("file:") ? java.util.Optional.of(where + "a file: URL points outside the repository")
                    : java.util.Optional.empty();
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        if (pathPart.startsWith("/")) {
            return java.util.Optional.of(where + "absolute path; use a path relative to the file");
        }
        Path resolved = pathPart.isEmpty() ? file : file.getParent().resolve(pathPart).normalize();
        if (!resolved.startsWith(ROOT)) {
            return java.util.Optional.of(where + "points outside the repository");
        }
        if (!Files.exists(resolved)) {
            return java.util.Optional.of(where + "no such file in the repository");
        }
        if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")
                && !anchors.computeIfAbsent(resolved, DocsLinksTest::anchorsOf).contains(anchor)) {
            return java.util.Optional.of(where + "no heading with this anchor in " + ROOT.relativize(resolved));
        }
        return java.util.Optional.empty();
    }

    /** The anchors GitHub gives a Markdown file's headings (repeats get -1, -2, ...), plus explicit HTML ids. */
    private static Set<String> anchorsOf(Path file) {
        String text;
        try {
            text = FENCE.matcher(Files.readString(file)).replaceAll("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(text);
        while (heading.find()) {
            String slug = slug(heading.group(1));
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        Matcher html = HTML_ANCHOR.matcher(text);
        while (html.find()) {
            anchors.add(html.group(1));
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens. */
    static String slug(String heading) {
        String plain = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static List<Path> markdownFiles() throws IOException {
        return repositoryFiles().filter(file -> file.getFileName().toString().endsWith(".md")).toList();
    }

    /** Every text file of the repository (UTF-8, no NUL bytes), outside build output. */
    private static List<Path> textFiles() throws IOException {
        List<Path> text = new ArrayList<>();
        for (Path file : repositoryFiles().toList()) {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > 4_000_000 || new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\0') >= 0) {
                continue;
            }
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
                text.add(file);
            } catch (CharacterCodingException e) {
                // binary
            }
        }
        return text;
    }

    private static Stream<Path> repositoryFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(ROOT, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                return !dir.equals(ROOT) && SKIPPED_DIRECTORIES.contains(dir.getFileName().toString())
                        ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !file.getFileName().toString().equals(".git")) {
                    files.add(file);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return files.stream().sorted();
    }

    /** The repository root: surefire passes it as hmsabi.repo; otherwise upwards from the working directory. */
    private static Path repositoryRoot() {
        String property = System.getProperty("hmsabi.repo");
        if (property != null && !property.isBlank() && Files.isDirectory(Path.of(property, "fixtures", "topologies"))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("fixtures/topologies")) && Files.isRegularFile(dir.resolve("README.md"))) {
                return dir.normalize();
            }
        }
        throw new IllegalStateException("cannot find the repository (fixtures/topologies, README.md) above "
                + Path.of("").toAbsolutePath());
    }
}
