package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hmsabi.topology.ShippedFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped files write every kernel range in the canonical syntax (docs/formats.md, "Kernel ranges"). */
class ShippedKernelRangesTest {
    private static final Pattern KERNELS = Pattern.compile("^\\s*(?:-\\s+)?kernels:\\s*\"([^\"]*)\"\\s*(?:#.*)?$");
    private static final Pattern OLDER_FIELDS = Pattern.compile("^\\s+(since|until):");

    @ParameterizedTest
    @ValueSource(strings = {"spec/attributes.yaml", "spec/syscalls.yaml", "fixtures/waivers.yaml", "fixtures/hotplug-waivers.yaml"})
    void everyRangeIsCanonical(String file) throws IOException {
        Path path = ShippedFixtures.directory().getParent().getParent().resolve(file);
        List<String> ranges = new ArrayList<>();
        for (String line : Files.readAllLines(path)) {
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher kernels = KERNELS.matcher(line);
            if (kernels.matches()) {
                ranges.add(kernels.group(1));
            }
            assertThat(OLDER_FIELDS.matcher(line).find()).as("%s: %s (write kernels: instead)", file, line).isFalse();
        }
        assertThat(ranges).as(file).isNotEmpty()
                .allSatisfy(range -> assertThat(KernelRange.parse(range).canonical()).as(file).isEqualTo(range));
    }
}
