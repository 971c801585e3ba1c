package org.hmsabi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hmsabi.BadInputException;
import org.hmsabi.qemu.HostLauncher;
import org.hmsabi.topology.ShippedFixtures;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GuestOptionsRunnerTest {

    private static GuestOptions parse(String... args) {
        GuestOptions options = new GuestOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void theDefaultRunnerIsTheHost() {
        Topology any = ShippedFixtures.load("single-node"); // needs no QEMU feature: no version probe
        assertThat(parse().runners().forTopology(any)).isInstanceOf(HostLauncher.class);
        assertThat(parse("--runner", "host").runners().forTopology(any)).isInstanceOf(HostLauncher.class);
    }

    @Test
    void anUnknownRunnerIsAUsageErrorNamingTheChoices() {
        assertThatThrownBy(() -> parse("--runner", "vm"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--runner").hasMessageContaining("[host, container, auto]");
    }

    @Test
    void aZeroBootTimeoutIsBadInput() {
        assertThatThrownBy(() -> parse("--boot-timeout", "0").captures(1, new java.io.PrintWriter(java.io.Writer.nullWriter())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--boot-timeout 0");
    }

    @Test
    void aReproducingCommandBootsGuestsTheSameWay() {
        assertThat(parse().reproducingOptions()).isEmpty();
        assertThat(parse("--runner", "container", "--transport", "serial").reproducingOptions())
                .isEqualTo(" --runner container --transport serial");
        assertThat(parse("--runner", "auto").reproducingOptions()).isEqualTo(" --runner auto");
    }
}
