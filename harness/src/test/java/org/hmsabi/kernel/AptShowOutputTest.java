package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hmsabi.InfrastructureException;
import org.junit.jupiter.api.Test;

class AptShowOutputTest {
    /** Verbatim from bookworm, with one continuation line added. */
    private static final String SHOW = """
            Package: linux-image-6.12.117+deb12-amd64-unsigned
            Source: linux-6.12
            Version: 6.12.117-1~deb12u1
            Installed-Size: 107640
            Depends: kmod, initramfs-tools (>= 0.120+deb8u2) | linux-initramfs-tool
            Description: Linux 6.12 for 64-bit PCs
             The Linux kernel 6.12 and modules for use on PCs with AMD64, Intel 64 or
             VIA Nano processors.
            Section: kernel
            Filename: pool/updates/main/l/linux-6.12/linux-image-6.12.117+deb12-amd64-unsigned_6.12.117-1~deb12u1_amd64.deb
            Size: 107177456
            SHA256: 5de3e329c887173debec07ff1325c975cf4f286d364929d17fecb1e1325c5c46

            """;

    @Test
    void readsVersionChecksumAndSize() {
        assertThat(AptShowOutput.parse(SHOW, "linux-image-6.12.117+deb12-amd64-unsigned")).contains(new DebianPackage(
                "linux-image-6.12.117+deb12-amd64-unsigned", "6.12.117-1~deb12u1",
                "5de3e329c887173debec07ff1325c975cf4f286d364929d17fecb1e1325c5c46", 107177456L));
    }

    @Test
    void otherPackagesAreNotTaken() {
        assertThat(AptShowOutput.parse(SHOW, "linux-image-6.1.0-56-amd64-unsigned")).isEmpty();
    }

    @Test
    void aRecordWithoutChecksumIsAnInfrastructureProblem() {
        String withoutChecksum = SHOW.replaceAll("SHA256: .*\\n", "");
        assertThatThrownBy(() -> AptShowOutput.parse(withoutChecksum, "linux-image-6.12.117+deb12-amd64-unsigned"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("no SHA256 field");
    }
}
