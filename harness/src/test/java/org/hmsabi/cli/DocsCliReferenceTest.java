package org.hmsabi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md stays the reference of the command line: every command has a section (## NAME, or
 * ### NAME for a subcommand such as kernels fetch) and every option of every command (walked from
 * {@code new CommandLine(new Main())}) is named in its command's section, except the options every
 * command shares: --help and --version (named at the top) and the guest options (named in "Guest
 * options", and the section says the command takes them).
 */
class DocsCliReferenceTest {
    private static final Pattern HEADING = Pattern.compile("(?m)^(#{2,3}) (.+?)\\s*$");

    @Test
    void everyOptionOfEveryCommandIsInDocsCliMd() throws IOException {
        String doc = Files.readString(repository().resolve("docs/cli.md"));
        Set<String> guestOptions = new CommandLine(new GuestOptions()).getCommandSpec().options().stream()
                .map(OptionSpec::longestName).collect(Collectors.toSet());
        String guestSection = section(doc, "Guest options");
        guestOptions.forEach(option -> assertThat(guestSection).as("Guest options names %s", option).contains("`" + option));
        assertThat(doc).contains("--help", "--version");

        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, CommandLine> entry : CommandOptionsTest.commands().entrySet()) {
            String name = entry.getKey();
            String text = section(doc, name);
            if (text.isEmpty()) {
                missing.add(name + ": no section '## " + name + "'");
                continue;
            }
            for (OptionSpec option : entry.getValue().getCommandSpec().options()) {
                String longName = option.longestName();
                if (longName.equals("--help") || longName.equals("--version")) {
                    continue;
                }
                boolean named = Pattern.compile("(?<![\\w-])" + Pattern.quote(longName) + "(?![\\w-])").matcher(text).find();
                if (!named && !(guestOptions.contains(longName) && text.contains("guest options"))) {
                    missing.add(name + ": " + longName + (guestOptions.contains(longName) ? " (or say 'guest options')" : ""));
                }
            }
        }
        assertThat(missing).as("options missing from their command's section in docs/cli.md").isEmpty();
    }

    /** The text under the heading named {@code title} (or `title`), up to the next heading of the same or a higher level. */
    static String section(String doc, String title) {
        Matcher heading = HEADING.matcher(doc);
        while (heading.find()) {
            String text = heading.group(2).replace("`", "");
            if (text.equals(title)) {
                int level = heading.group(1).length();
                int start = heading.end();
                Matcher next = HEADING.matcher(doc);
                int end = doc.length();
                if (next.find(start)) {
                    do {
                        if (next.group(1).length() <= level) {
                            end = next.start();
                            break;
                        }
                    } while (next.find());
                }
                return doc.substring(start, end);
            }
        }
        return "";
    }

    private static Path repository() {
        String property = System.getProperty("hmsabi.repo");
        return property != null ? Path.of(property) : org.hmsabi.Workspace.locate(java.util.Optional.empty()).root();
    }
}
