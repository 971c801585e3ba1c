package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hmsabi.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelPinsTest {
    @TempDir
    Path repo;

    /** The repository's own fixtures/kernels.yaml. */
    static Path repositoryPins() {
        Path start = Optional.ofNullable(System.getProperty("hmsabi.repo")).map(Path::of).orElse(Path.of(""));
        return KernelPins.find(start).orElseThrow(() -> new AssertionError("no fixtures/kernels.yaml above " + start));
    }

    @Test
    void theRepositoryPinsTheNewestLtsAndTheNewestKernelAsTheGatePair() {
        KernelPair pair = KernelPins.load(repositoryPins()).defaults();

        // 6.12 is the newest LTS; bookworm's backport is an unsigned image package of its ABI.
        assertThat(pair.baseline().series()).isEqualTo("6.12");
        String abi = pair.baseline().kernel().abi();
        assertThat(abi).matches("6\\.12\\.\\d+\\+deb12");
        assertThat(pair.baseline().image().packageName()).isEqualTo("linux-image-" + abi + "-amd64-unsigned");
        assertThat(pair.baseline().image().version()).startsWith(abi.replace("+deb12", "") + "-");
        assertThat(pair.baseline().image().sha256()).matches("[0-9a-f]{64}");
        assertThat(pair.candidate().reference()).isEqualTo("debian:7.3.4+deb13");
        assertThat(pair.candidate().image().packageName()).isEqualTo("linux-binary-7.3.4+deb13-amd64");
        assertThat(pair.candidate().image().version()).isEqualTo("7.3.4-1~bpo13+1");
        assertThat(pair.candidate().image().sha256()).isEqualTo("7e3248d03a84dcdda88c567aa8c4038f2e7795d2dd167b112c56f8901b6f513f");
        assertThat(pair.candidate().note()).isNotBlank();
    }

    @Test
    void theDefaultIsTheNewestPinOfEachSeries() throws IOException {
        Path file = write("""
                gate: {baseline: "6.1", candidate: "6.12"}
                kernels:
                  - {kernel: "debian:6.1.0-56", packages: [{package: linux-image-6.1.0-56-amd64-unsigned, version: 6.1.192-2, sha256: %1$s}]}
                  - {kernel: "debian:6.1.0-9", packages: [{package: linux-image-6.1.0-9-amd64-unsigned, version: 6.1.27-1, sha256: %1$s}]}
                  - {kernel: "debian:6.12.107+deb12", packages: [{package: linux-image-6.12.107+deb12-amd64-unsigned, version: 6.12.107-1~deb12u1, sha256: %1$s}]}
                  - {kernel: "debian:6.12.117+deb12", packages: [{package: linux-image-6.12.117+deb12-amd64-unsigned, version: 6.12.117-1~deb12u1, sha256: %1$s}]}
                """.formatted("a".repeat(64)));
        KernelPair pair = KernelPins.load(file).defaults();
        assertThat(pair.baseline().reference()).isEqualTo("debian:6.1.0-56");
        assertThat(pair.candidate().reference()).isEqualTo("debian:6.12.117+deb12");
    }

    @Test
    void aGateSeriesWithoutPinsIsBadInput() throws IOException {
        Path file = write("""
                gate: {baseline: "6.1", candidate: "6.18"}
                kernels:
                  - {kernel: "debian:6.1.0-56", packages: [{package: linux-image-6.1.0-56-amd64-unsigned, version: 6.1.192-2, sha256: %s}]}
                """.formatted("a".repeat(64)));
        assertThatThrownBy(() -> KernelPins.load(file).defaults())
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("6.18")
                .hasMessageStartingWith(file.toString());
    }

    @Test
    void aMalformedPinNamesTheFileAndTheProblem() throws IOException {
        Path badHash = write("""
                kernels:
                  - {kernel: "debian:6.1.0-56", packages: [{package: linux-image-6.1.0-56-amd64-unsigned, version: 6.1.192-2, sha256: 1234}]}
                """);
        assertThatThrownBy(() -> KernelPins.load(badHash))
                .isInstanceOf(BadInputException.class)
                .hasMessage(badHash + ": near line 2: linux-image-6.1.0-56-amd64-unsigned is pinned without a 64-digit lower-case hex sha256"
                        + " at 'kernels[0].packages[0]'; fix the file");

        Path noPackages = write("""
                kernels:
                  - {kernel: "debian:6.1.0-56"}
                """);
        assertThatThrownBy(() -> KernelPins.load(noPackages))
                .isInstanceOf(BadInputException.class)
                .hasMessage(noPackages + ": near line 2: debian:6.1.0-56 is pinned without its 'packages:' at 'kernels[0]'; fix the file");

        Path badPackage = write("""
                kernels:
                  - {kernel: "debian:6.1.0-56", packages: [{package: "linux-headers-6.1.0-56-amd64", version: 6.1.192-2, sha256: %s}]}
                """.formatted("a".repeat(64)));
        assertThatThrownBy(() -> KernelPins.load(badPackage))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("is not a kernel image package of 6.1.0-56");

        Path unknownKey = write("kernels: []\nextra: 1\n");
        assertThatThrownBy(() -> KernelPins.load(unknownKey))
                .isInstanceOf(BadInputException.class)
                .hasMessageNotContaining("\n");
    }

    @Test
    void pinsAreFoundFromAnySubdirectoryOfTheRepository() throws IOException {
        Path file = write("kernels: []\n");
        Path deep = Files.createDirectories(repo.resolve("harness/src/main"));
        assertThat(KernelPins.find(deep)).contains(file);
    }

    @Test
    void pinForMatchesTheExactKernel() {
        KernelPins pins = KernelPins.load(repositoryPins());
        KernelPin pin = pins.pins().get(0);
        DebianPackage same = new DebianPackage(pin.image().packageName(), pin.image().version(), pin.image().sha256(), 1);
        DebianPackage rebuilt = new DebianPackage(pin.image().packageName(), pin.image().version() + "+b1", pin.image().sha256(), 1);
        assertThat(pins.pinFor(pin.kernel())).contains(pin);
        assertThat(pin.image().matches(same)).isTrue();
        assertThat(pin.image().matches(rebuilt)).isFalse();
        assertThat(KernelPins.none().pinFor(pin.kernel())).isEmpty();
    }

    @Test
    void savedPinsReadBackTheSameAndKeepTheirNotes() throws IOException {
        Path file = write(Files.readString(repositoryPins()));
        KernelPins pins = KernelPins.load(file);
        PackagePin binary = new PackagePin("linux-binary-7.9.1+deb14-amd64", "7.9.1-1", "c".repeat(64), "");
        PackagePin modules = new PackagePin("linux-modules-7.9.1+deb14-amd64", "7.9.1-1", "d".repeat(64), "");
        pins.with(new KernelPin("debian:7.9.1+deb14", List.of(binary, modules), "newest"), List.of()).save();

        KernelPins again = KernelPins.load(file);
        assertThat(again.pins()).hasSize(pins.pins().size() + 1);
        assertThat(again.pinFor(new KernelRef.DebianKernel("7.9.1+deb14"))).hasValueSatisfying(pin -> {
            assertThat(pin.packages()).containsExactly(binary, modules);
            assertThat(pin.note()).isEqualTo("newest");
        });
        assertThat(again.pins()).containsAll(pins.pins());
        assertThat(again.headers()).containsExactlyInAnyOrderElementsOf(pins.headers());
        assertThat(again.suites()).isEqualTo(pins.suites());
        assertThat(again.defaults()).isEqualTo(pins.defaults());
        assertThat(Files.readString(file)).startsWith("# Kernels hmsabi follows and pins.").contains("baseline: \"6.12\"");
    }

    private Path write(String yaml) throws IOException {
        Path file = repo.resolve(KernelPins.FIXTURE);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, yaml);
    }
}
