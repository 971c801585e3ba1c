package org.hmsabi.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hmsabi.InfrastructureException;
import org.hmsabi.qemu.CxlArguments;
import org.hmsabi.topology.CxlHostBridge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a machine with a CXL device gets the cxl tool; where it cannot have it, it gets the reason. */
class GuestToolsTest {

    private static GuestSpec spec(List<String> arguments, Path cache) {
        return new GuestSpec("k on t", Path.of("/k"), Optional.empty(), false, arguments,
                GuestSpec.Transport.AUTO, Duration.ofSeconds(5), cache, List.of(), false);
    }

    @Test
    void aMachineWithoutCxlGetsNoToolAndItsInitramfsStaysAsItWas(@TempDir Path cache) {
        GuestSpec plain = spec(List.of("-smp", "2", "-device", "virtio-mem-pci,id=vm0"), cache);

        assertThat(plain.wantsCxlTool()).isFalse();
        assertThat(GuestTools.files(plain)).isEmpty();
    }

    @Test
    void aMachineWithACxlDeviceWantsTheTool() {
        GuestSpec cxl = spec(CxlArguments.forHostBridge(new CxlHostBridge(4L << 30, java.util.OptionalInt.of(2), List.of(256L << 20))),
                Path.of("/cache"));

        assertThat(cxl.wantsCxlTool()).isTrue();
    }

    @Test
    void whereTheToolCannotBeHadTheGuestGetsOneLineSayingWhy(@TempDir Path cache) {
        // An empty cache, and an archive that cannot be reached.
        GuestSpec cxl = spec(List.of("-device", "cxl-type3,bus=cxl-rp0,volatile-memdev=cxl-mem0,id=cxl-mem0-dev"), cache);

        Map<String, byte[]> files = GuestTools.files(cxl, () -> {
            throw new InfrastructureException("updating the package index failed: no network; check network access to the Debian mirror\nsecond line");
        });

        assertThat(files).containsOnlyKeys(GuestTools.CXL_TOOL_MISSING.substring(1));
        String why = new String(files.get(GuestTools.CXL_TOOL_MISSING.substring(1)), StandardCharsets.UTF_8);
        assertThat(why).isEqualTo("updating the package index failed: no network; check network access to the Debian mirror\n");
        assertThat(why.strip()).doesNotContain("\n");
    }
}
