package org.hmsabi.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QemuCommandTest {

    private static QemuCommand command(boolean hmat) {
        return new QemuCommand("qemu-system-x86_64", Path.of("/k/vmlinuz"), Path.of("/c/initrd.cpio"),
                "console=ttyS0 quiet", hmat, List.of("-smp", "2", "-m", "1024M"),
                Path.of("/tmp/h/s.sock"), Path.of("/tmp/h/v.sock"), Optional.empty(), Optional.empty());
    }

    @Test
    void guestHasNoNetworkNoDisplayAndNoDefaultDevices() {
        List<String> argv = command(false).argv();
        assertThat(argv).containsSequence("-nic", "none").containsSequence("-display", "none")
                .contains("-nodefaults", "-no-reboot").containsSequence("-accel", "tcg,thread=single");
        assertThat(argv).doesNotContain("-enable-kvm");
    }

    @Test
    void allVcpusShareOneTcgThreadOnACpuWithoutErms() {
        assertThat(command(false).argv()).containsSequence("-accel", "tcg,thread=single").containsSequence("-cpu", "max,-erms");
    }

    @Test
    void hmatSwitchesTheMachineOption() {
        assertThat(command(true).argv()).containsSequence("-machine", "q35,hmat=on");
        assertThat(command(false).argv()).containsSequence("-machine", "q35");
    }

    @Test
    void consoleIsTheFirstUartAndTheAgentHasTheSecondAndAVirtioPort() {
        List<String> argv = command(false).argv();
        int console = argv.indexOf("chardev:console");
        int agent = argv.indexOf("chardev:agent-serial");
        assertThat(console).isPositive().isLessThan(agent);
        assertThat(argv).contains("socket,id=agent-serial,path=/tmp/h/s.sock", "socket,id=agent-virtio,path=/tmp/h/v.sock")
                .anySatisfy(arg -> assertThat(arg).contains("virtserialport").contains("name=" + QemuCommand.AGENT_PORT_NAME));
    }

    @Test
    void kernelAndTopologyArgumentsArePassedThrough() {
        List<String> argv = command(false).argv();
        assertThat(argv).containsSequence("-kernel", "/k/vmlinuz").containsSequence("-initrd", "/c/initrd.cpio")
                .containsSequence("-append", "console=ttyS0 quiet").containsSequence("-smp", "2", "-m", "1024M");
        assertThat(Collections.frequency(argv, "-kernel")).isEqualTo(1);
    }

    @Test
    void shellLineQuotesWhatNeedsQuoting() {
        assertThat(command(false).shellLine()).contains("-append 'console=ttyS0 quiet'").startsWith("qemu-system-x86_64 ");
    }

    @org.junit.jupiter.api.Test
    void erms_isTakenAwayOnlyFromAQemuOlderThanNine() {
        org.assertj.core.api.Assertions.assertThat(QemuCommand.cpuModelFor(QemuVersion.parse("QEMU emulator version 7.2.22 (Debian)")))
                .isEqualTo("max,-erms");
        org.assertj.core.api.Assertions.assertThat(QemuCommand.cpuModelFor(QemuVersion.parse("QEMU emulator version 10.0.3 (Debian)")))
                .isEqualTo("max");
        org.assertj.core.api.Assertions.assertThat(QemuCommand.cpuModelFor(java.util.Optional.empty())).isEqualTo("max");
    }
}
