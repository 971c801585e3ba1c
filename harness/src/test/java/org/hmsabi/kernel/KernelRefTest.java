package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.hmsabi.BadInputException;
import org.hmsabi.kernel.KernelRef.DebianKernel;
import org.hmsabi.kernel.KernelRef.DebianSeries;
import org.hmsabi.kernel.KernelRef.ImagePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelRefTest {

    @ParameterizedTest
    @ValueSource(strings = {"6.1", "6.12"})
    void majorMinorIsASeries(String series) {
        assertThat(KernelRef.parse("debian:" + series)).isEqualTo(new DebianSeries(series));
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.1.0-56", "6.12.115+deb12", "6.1.0-9", "6.12.117+deb12", "6.1.0-56-cloud"})
    void longerVersionsAreExactAbis(String abi) {
        KernelRef ref = KernelRef.parse("debian:" + abi);
        assertThat(ref).isEqualTo(new DebianKernel(abi));
        assertThat(ref.text()).isEqualTo("debian:" + abi);
    }

    @Test
    void latestIsTheNewestOfTheArchive() {
        assertThat(KernelRef.parse("debian:latest")).isEqualTo(new KernelRef.DebianLatest());
        assertThat(KernelRef.parse("debian:latest").text()).isEqualTo("debian:latest");
    }

    @Test
    void anAbiKnowsItsSeries() {
        DebianKernel old = new DebianKernel("6.1.0-56");
        DebianKernel lts = new DebianKernel("6.12.117+deb12");
        assertThat(new DebianKernel("7.3.4+deb13").series()).isEqualTo("7.3");
        assertThat(old.series()).isEqualTo("6.1");
        assertThat(lts.series()).isEqualTo("6.12");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "debian:6.1;rm -rf /", "debian:6.1.0-56 && id", "debian:$(id)", "debian:6.1.0-56|cat", "debian:`id`",
        "debian:6.1.0-56>x", "debian:6.1.0-56'", "debian:6.1.0_56", "debian:6.1.0-56 extra", "debian:-o",
        "debian:--help", "debian:", "debian:6", "debian:6.1.0-56-AMD64", "debian:6.1.0-56\u0000", "debian:../6.1",
        "debian:6.1.0/56", "debian:linux-image-6.1.0-56", "debian:6.1.0-56\nx"
    })
    void anythingButStrictAbiCharactersIsBadInput(String text) {
        assertThatThrownBy(() -> KernelRef.parse(text))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("debian:")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("\u0000");
    }

    @Test
    void overlongAbiIsBadInput() {
        assertThatThrownBy(() -> KernelRef.parse("debian:6.1." + "1".repeat(80)))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void aPathIsAnImage() {
        assertThat(KernelRef.parse("arch/x86/boot/bzImage"))
                .isEqualTo(new ImagePath(Path.of("arch/x86/boot/bzImage"), Optional.empty()));
        assertThat(KernelRef.parse("/boot/vmlinuz-6.1.0-56-amd64", Optional.of(Path.of("/lib/modules/6.1.0-56-amd64"))))
                .isEqualTo(new ImagePath(Path.of("/boot/vmlinuz-6.1.0-56-amd64"), Optional.of(Path.of("/lib/modules/6.1.0-56-amd64"))));
    }

    @Test
    void modulesOnlyGoWithAnImage() {
        assertThatThrownBy(() -> KernelRef.parse("debian:6.1", Optional.of(Path.of("/tmp/modules"))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--modules");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ubuntu:6.8", "Debian:6.1", "fedora:", "kernel.org:6.6"})
    void unknownSchemesAreBadInput(String text) {
        assertThatThrownBy(() -> KernelRef.parse(text))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown kernel reference scheme");
    }

    @Test
    void blankIsBadInput() {
        assertThatThrownBy(() -> KernelRef.parse("  ")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty kernel reference");
    }

    @Test
    void controlCharactersAreEscapedInMessages() {
        assertThatThrownBy(() -> KernelRef.parse("debian:6.1\u001b[2J"))
                .hasMessageStartingWith("debian:6.1\\x1b[2J:");
    }
}
