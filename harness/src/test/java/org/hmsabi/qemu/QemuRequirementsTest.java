package org.hmsabi.qemu;

import java.util.List;
import java.util.Optional;
import org.hmsabi.topology.ShippedFixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which QEMU a machine needs, read from its arguments, and the version a launcher reports. */
class QemuRequirementsTest {

    private static final QemuVersion BOOKWORM = QemuVersion.parse("QEMU emulator version 7.2.19 (Debian 1:7.2+dfsg-7+deb12u18)\n"
            + "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers\n").orElseThrow();
    private static final QemuVersion TRIXIE = QemuVersion.parse("QEMU emulator version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)\n")
            .orElseThrow();

    @Test
    void versionsAreReadFromTheFirstLineOfDashDashVersion() {
        assertThat(BOOKWORM.release()).isEqualTo("7.2");
        assertThat(BOOKWORM.line()).isEqualTo("QEMU emulator version 7.2.19 (Debian 1:7.2+dfsg-7+deb12u18)");
        assertThat(TRIXIE.release()).isEqualTo("10.0");
        assertThat(TRIXIE.atLeast(QemuVersion.of(9, 0))).isTrue();
        assertThat(BOOKWORM.atLeast(QemuVersion.of(9, 0))).isFalse();
        assertThat(QemuVersion.parse("not qemu")).isEmpty();
    }

    @Test
    void theGenericInitiatorFixtureNeedsQemu9AndTheOthersNothing() {
        List<String> arguments = NumaArguments.forTopology(ShippedFixtures.load("gpu-generic-initiator"));

        assertThat(QemuRequirements.of(arguments)).extracting(requirement -> requirement.minimum().release()).containsExactly("9.0");
        for (String name : List.of("single-node", "two-socket", "two-socket-hbm", "cxl-far-memory", "device-memory", "hms-4s32g")) {
            assertThat(QemuRequirements.of(NumaArguments.forTopology(ShippedFixtures.load(name)))).as(name).isEmpty();
        }
    }

    @Test
    void theCxlExpanderNeedsVolatileCxlMemoryAndAGenericPortAndIsRefusedNamingTheNewerRelease() {
        List<String> arguments = NumaArguments.forTopology(ShippedFixtures.load("cxl-expander"));

        assertThat(QemuRequirements.of(arguments)).extracting(requirement -> requirement.minimum().release())
                .containsExactlyInAnyOrder("8.0", "9.2");
        assertThat(QemuRequirements.unmet(arguments, BOOKWORM, "host")).hasValue("CXL generic ports (QEMU's acpi-generic-port)"
                + " need QEMU 9.2 or later, but the host runner's QEMU is 7.2; use --runner auto (QEMU 10.0 in the trixie container, for these fixtures)");
        assertThat(QemuRequirements.unmet(arguments, TRIXIE, "container")).isEmpty();
    }

    @Test
    void anOlderQemuGetsOneLineNamingFeatureVersionAndRunner() {
        List<String> arguments = NumaArguments.forTopology(ShippedFixtures.load("gpu-generic-initiator"));

        assertThat(QemuRequirements.unmet(arguments, BOOKWORM, "host")).contains("generic initiators (QEMU's acpi-generic-initiator)"
                + " need QEMU 9.0 or later, but the host runner's QEMU is 7.2; use --runner auto (QEMU 10.0 in the trixie container, for these fixtures)");
        assertThat(QemuRequirements.unmet(arguments, TRIXIE, "container")).isEqualTo(Optional.empty());
    }
}
