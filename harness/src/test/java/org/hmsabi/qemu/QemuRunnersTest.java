package org.hmsabi.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hmsabi.InfrastructureException;
import org.hmsabi.topology.ShippedFixtures;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which runner each fixture's guests boot on, with this machine's real QEMU (bookworm's 7.2 here,
 * which has none of the features the CXL and generic-initiator fixtures need). The newer runner's
 * side with a real container is ContainerFixturesGateTest (suites), which runs the gate with
 * {@code --runner auto}; here it is a runner that cannot be had, as on a machine without Docker.
 */
@Tag("qemu")
class QemuRunnersTest {
    private static final Topology HOST_FIXTURE = ShippedFixtures.load("two-socket-hbm");
    private static final Topology CXL = ShippedFixtures.load("cxl-expander");
    private static final Topology GENERIC_INITIATORS = ShippedFixtures.load("gpu-generic-initiator");

    private final AtomicInteger asked = new AtomicInteger();

    @BeforeEach
    void theHostQemuIsTooOldForTheNewerFixtures() {
        assumeFalse(QemuRequirements.bootsOn(CXL, QemuLauncher.host()), "this machine's QEMU emulates the CXL fixture itself");
    }

    private Supplier<QemuLauncher> noDocker() {
        return () -> {
            asked.incrementAndGet();
            throw new InfrastructureException("cannot build the container image with vm-images/container/build: docker: not running");
        };
    }

    @Test
    void fixturesTheHostEmulatesStayOnTheHostAndNeverAskForTheNewerRunner() {
        QemuRunners runners = QemuRunners.withNewer(QemuLauncher.host(), noDocker());

        assertThat(runners.forTopology(HOST_FIXTURE)).isEqualTo(QemuLauncher.host());
        assertThat(runners.unmetReason(HOST_FIXTURE)).isEmpty();
        assertThat(runners.describe(List.of(HOST_FIXTURE))).startsWith("host: QEMU emulator version ");
        assertThat(asked).hasValue(0);
    }

    @Test
    void aNewerRunnerThatCannotBeHadLeavesItsFixturesUnbootableWithTheReasonAskedOnce() {
        QemuRunners runners = QemuRunners.withNewer(QemuLauncher.host(), noDocker());
        String host = QemuRequirements.version(QemuLauncher.host()).orElseThrow().release();

        assertThat(runners.unmetReason(CXL)).hasValue("CXL generic ports (QEMU's acpi-generic-port) need QEMU 9.2 or later, but the"
                + " host runner's QEMU is " + host + "; the trixie container's QEMU could not be had: cannot build the container image"
                + " with vm-images/container/build: docker: not running (ci/docker-up starts the Docker engine)");
        assertThat(runners.leftOut(GENERIC_INITIATORS)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("gpu-generic-initiator left out: generic initiators").contains("could not be had"));
        assertThat(runners.forTopology(CXL)).isEqualTo(QemuLauncher.host()); // booting it is refused in the guest's own words
        assertThat(asked).hasValue(1);
    }

    @Test
    void withoutANewerRunnerTheReasonNamesTheRunnerThatHasOne() {
        QemuRunners runners = QemuRunners.only(QemuLauncher.host());

        assertThat(runners.unmetReason(CXL)).hasValueSatisfying(reason -> assertThat(reason)
                .endsWith("; use --runner auto (QEMU 10.0 in the trixie container, for these fixtures)"));
        assertThat(runners.forTopology(CXL)).isEqualTo(QemuLauncher.host());
    }

    @Test
    void whetherAFixtureMayBootDependsOnTheRunnerOptionAloneAndAsksForNoContainer() {
        // What a shard's split is computed from: the same on every machine given the same option.
        assertThat(QemuRunners.withNewer(QemuLauncher.host(), noDocker()).mayBoot(CXL)).isTrue();
        assertThat(QemuRunners.only(QemuLauncher.host()).mayBoot(CXL)).isFalse();
        assertThat(QemuRunners.only(QemuLauncher.host()).mayBoot(HOST_FIXTURE)).isTrue();
        assertThat(asked).hasValue(0);
    }
}
