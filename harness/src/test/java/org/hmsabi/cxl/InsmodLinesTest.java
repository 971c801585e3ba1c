package org.hmsabi.cxl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a failed "modules loaded" check quotes of the guest's console: its insmod lines, bounded and made printable. */
class InsmodLinesTest {

    @Test
    void theConsolesInsmodLinesAreQuotedBoundedAndPrintable() {
        String console = "[    1.0] booting\n"
                + "insmod: can't insert '/lib/modules/hmsabi/cxl_acpi.ko': unknown symbol in module\u001b[0m\n"
                + "hmsabi-init: insmod cxl_acpi.ko failed\n"
                + ("hmsabi-init: insmod x.ko failed " + "y".repeat(300) + "\n").repeat(10);

        String quoted = CxlExpanderScenario.insmodLines(console);

        assertThat(quoted).startsWith("; the console: insmod: can't insert '/lib/modules/hmsabi/cxl_acpi.ko': unknown symbol in module?[0m")
                .contains(" | hmsabi-init: insmod cxl_acpi.ko failed").doesNotContain("booting").doesNotContain("\u001b");
        assertThat(quoted.split(" \\| ")).hasSize(3); // the ten identical lines are one
        assertThat(quoted).contains("…");
    }

    @Test
    void aConsoleWithoutInsmodSaysSo() {
        assertThat(CxlExpanderScenario.insmodLines("[    1.0] booting\n")).isEqualTo(" (the console says nothing of insmod)");
    }
}
