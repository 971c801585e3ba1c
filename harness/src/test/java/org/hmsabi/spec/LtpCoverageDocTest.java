package org.hmsabi.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hmsabi.topology.ShippedFixtures;
import org.junit.jupiter.api.Test;

/** docs/ltp-coverage.md claims only cases the catalog has, and has a row for every LTP test the catalog mirrors. */
class LtpCoverageDocTest {
    /** two-socket-hbm: every symbolic node exists, so every id does. */
    private static final SyscallFacts FACTS = new SyscallFacts(new TreeSet<>(Set.of(0, 1, 2, 3)), new TreeSet<>(Set.of(0, 1, 2, 3)), 4);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern CASE_ID = Pattern.compile("^(mbind|set_mempolicy|get_mempolicy|migrate_pages|move_pages|set_mempolicy_home_node)/.*");
    private static final Pattern BRACES = Pattern.compile("\\{([^{}]*)}");

    private static String doc() throws IOException {
        return Files.readString(ShippedFixtures.directory().getParent().getParent().resolve("docs/ltp-coverage.md"));
    }

    @Test
    void everyCaseIdTheDocNamesIsInTheCatalog() throws IOException {
        Set<String> ids = SyscallCatalog.mirrors(FACTS).keySet();
        List<String> named = new ArrayList<>();
        Matcher code = CODE.matcher(doc());
        while (code.find()) {
            String text = code.group(1).replace("\\|", "|");
            if (CASE_ID.matcher(text).matches()) {
                named.addAll(expand(text));
            }
        }
        assertThat(named).as("case ids in docs/ltp-coverage.md").hasSizeGreaterThan(30);
        assertThat(named).as("ids docs/ltp-coverage.md names that spec/catalog.yaml lacks").allMatch(ids::contains);
    }

    @Test
    void everyMirroredLtpTestHasARow() throws IOException {
        String doc = doc();
        Set<String> mirrored = new TreeSet<>();
        SyscallCatalog.mirrors(FACTS).values().forEach(names -> names.stream().filter(name -> name.startsWith("ltp: "))
                .map(name -> name.substring("ltp: ".length())).forEach(mirrored::add));
        assertThat(mirrored).contains("mbind01", "get_mempolicy02", "move_pages06", "migrate_pages01");
        for (String test : mirrored) {
            String row = test.equals("numa01.sh") ? "## numa01.sh" : "| " + test + " |";
            assertThat(doc).as("docs/ltp-coverage.md row for %s, which spec/catalog.yaml mirrors", test).contains(row);
        }
    }

    /** {@code a/{B,C}/d} -> a/B/d, a/C/d. */
    private static List<String> expand(String text) {
        Matcher braces = BRACES.matcher(text);
        if (!braces.find()) {
            return List.of(text);
        }
        List<String> all = new ArrayList<>();
        for (String choice : braces.group(1).split(",")) {
            all.addAll(expand(text.substring(0, braces.start()) + choice + text.substring(braces.end())));
        }
        return all;
    }
}
