package org.hmsabi.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The owner label that lets ci/docker-up and the harness remove containers of a killed JVM. */
class ContainerOwnerTest {

    @Test
    void thisProcessIsALiveOwner() {
        ContainerOwner me = ContainerOwner.current();
        assertThat(me.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(me.startTicks()).isPositive();
        assertThat(me.mayBeAlive()).isTrue();
    }

    @Test
    void aLabelReadsBackAsTheOwnerItWasWrittenFrom() {
        ContainerOwner me = ContainerOwner.current();
        assertThat(ContainerOwner.parse(me.label())).contains(me);
        assertThat(ContainerOwner.parse(null)).isEmpty();
        assertThat(ContainerOwner.parse("host/12")).isEmpty();
        assertThat(ContainerOwner.parse("host/x/1")).isEmpty();
    }

    @Test
    void aKilledProcessIsADeadOwner() throws Exception {
        Process child = new ProcessBuilder("sleep", "60").start();
        ContainerOwner owner = new ContainerOwner(ContainerOwner.current().host(), child.pid(),
                ContainerOwner.startTicks(child.pid()).orElseThrow());
        assertThat(owner.mayBeAlive()).isTrue();

        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(owner.mayBeAlive()).isFalse();
    }

    @Test
    void aProcessThatReusedTheOwnersPidIsNotTheOwner() {
        ContainerOwner me = ContainerOwner.current();
        ContainerOwner earlier = new ContainerOwner(me.host(), me.pid(), me.startTicks() - 1);
        assertThat(earlier.mayBeAlive()).isFalse();
    }

    @Test
    void anOwnerOnAnotherHostIsNeverJudgedDead() {
        assertThat(new ContainerOwner("some-other-host", 1, 1).mayBeAlive()).isTrue();
        assertThat(ContainerOwner.startTicks(Long.MAX_VALUE)).isEqualTo(Optional.empty());
    }
}
