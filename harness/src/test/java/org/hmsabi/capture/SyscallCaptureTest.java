package org.hmsabi.capture;

import org.hmsabi.model.Entry;
import org.hmsabi.model.SyscallRecord;
import org.hmsabi.model.ThpPlacement;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.hmsabi.guest.MempolicyOutcome;
import org.hmsabi.spec.MempolicyCall;
import org.hmsabi.spec.MempolicyMode;
import org.hmsabi.spec.SyscallCase;
import org.hmsabi.spec.SyscallCatalog;
import org.junit.jupiter.api.Test;

/** Outcomes become records: placement only where it is deterministic, agent problems visible. */
class SyscallCaptureTest {
    private static final SyscallCase BIND = SyscallCase.of(MempolicyCall.MBIND).withMode(MempolicyMode.BIND).withNodes(2).touched();

    private static MempolicyOutcome ok(List<Integer> pages) {
        return new MempolicyOutcome(0, Optional.empty(), pages, Optional.empty(), List.of(), List.of(), Optional.empty());
    }

    @Test
    void deterministicPlacementIsRecorded() {
        SyscallRecord record = SyscallCapture.record(new SyscallCatalog.Entry("mbind/BIND/x", BIND, true), ok(List.of(2, 2)));
        assertThat(record).isEqualTo(new SyscallRecord("mbind/BIND/x", "mbind", BIND.describe(), 0, null, List.of(2, 2)));
        assertThat(record.args()).containsEntry("mode", "BIND").containsEntry("nodes", "2").containsEntry("flags", "0");
    }

    @Test
    void otherPlacementIsLeftOut() {
        SyscallRecord record = SyscallCapture.record(new SyscallCatalog.Entry("mbind/DEFAULT/x", BIND, false), ok(List.of(0, 1)));
        assertThat(record.placement()).isEmpty();
    }

    @Test
    void aFailedCallKeepsItsErrno() {
        MempolicyOutcome failed = new MempolicyOutcome(-1, Optional.of("EINVAL"), List.of(), Optional.empty(), List.of(), List.of(), Optional.empty());
        assertThat(SyscallCapture.record(new SyscallCatalog.Entry("a", BIND, true), failed).errno()).isEqualTo("EINVAL");
    }

    @Test
    void anAgentProblemIsRecordedNotDropped() {
        MempolicyOutcome broken = new MempolicyOutcome(-1, Optional.empty(), List.of(), Optional.empty(), List.of(), List.of(),
                Optional.of("malformed mempolicy reply: {...}"));
        assertThat(SyscallCapture.record(new SyscallCatalog.Entry("a", BIND, true), broken).errno()).isEqualTo("AGENT:malformed mempolicy reply");
    }

    @Test
    void aCaseThatCouldNotRunIsRecordedAsNotAvailable() {
        SyscallRecord record = SyscallCapture.record(new SyscallCatalog.Entry("a", BIND, true), null);
        assertThat(record.errno()).isEqualTo(SyscallRecord.NOT_AVAILABLE);
        assertThat(record.placement()).isEmpty();
    }

    private static final SyscallCase THP = BIND.withBacking(org.hmsabi.spec.MempolicyBacking.THP).withPages(1);

    private static MempolicyOutcome onThp(List<Integer> pages, List<Integer> thpKb) {
        return new MempolicyOutcome(0, Optional.empty(), pages, Optional.empty(), List.of(), List.of(), Optional.empty(), thpKb, Optional.empty());
    }

    @Test
    void thpPlacementIsRecordedAsRunsWithTheAnonHugePagesTheAgentRead() {
        List<Integer> pages = new java.util.ArrayList<>(java.util.Collections.nCopies(512, 2));
        pages.set(511, -14);
        SyscallRecord record = SyscallCapture.record(new SyscallCatalog.Entry("mbind/BIND/backing=thp", THP, true),
                onThp(pages, List.of(2048, 0)));
        assertThat(record.placement()).as("not 512 nodes").isEmpty();
        assertThat(record.thp()).isEqualTo(new ThpPlacement(List.of(new ThpPlacement.Run(0, 2, 511), new ThpPlacement.Run(0, -14, 1)),
                new ThpPlacement.AnonHugePages(2048, 0), null));
        assertThat(record.thp().describe())
                .isEqualTo("THP split 2048->0 kB; 511 on node 2, 1 without a node (errno 14)");
    }

    @Test
    void thpWhoseAnonHugePagesTheAgentCouldNotReadSaysSo() {
        SyscallRecord record = SyscallCapture.record(new SyscallCatalog.Entry("a", THP, true),
                onThp(java.util.Collections.nCopies(512, 2), List.of()));
        assertThat(record.thp().anonHugePagesKb()).as("nothing invented").isNull();
        assertThat(record.thp().smaps()).isEqualTo(ThpPlacement.UNREADABLE);
    }

    @Test
    void thpPlacementIsLeftOutWhereItIsNotDeterministicAndWhereTheCaseDidNotRun() {
        assertThat(SyscallCapture.record(new SyscallCatalog.Entry("a", THP, false), onThp(List.of(2), List.of(0, 2048))).thp()).isNull();
        assertThat(SyscallCapture.record(new SyscallCatalog.Entry("a", THP, true), null).thp()).isNull();
        assertThat(SyscallCapture.record(new SyscallCatalog.Entry("a", BIND, true), ok(List.of(2))).thp()).isNull();
    }

    @Test
    void runsNeverCrossA2MiBPage() {
        List<Integer> pages = new java.util.ArrayList<>(java.util.Collections.nCopies(3 * 512, 1));
        pages.set(512 + 7, 0);
        assertThat(ThpPlacement.of(pages, List.of(6144, 6144)).runs()).containsExactly(new ThpPlacement.Run(0, 1, 512),
                new ThpPlacement.Run(1, 1, 7), new ThpPlacement.Run(1, 0, 1), new ThpPlacement.Run(1, 1, 504), new ThpPlacement.Run(2, 1, 512));
        assertThat(ThpPlacement.of(pages, List.of(6144, 6144)).describe())
                .isEqualTo("THP kept 6144->6144 kB; page 0: 512 on node 1; page 1: 7 on node 1, 1 on node 0, 504 on node 1; page 2: 512 on node 1");
    }

    @Test
    void aChoiceListIsWrittenBackAsItsChoice() {
        assertThat(WriteCapture.writable("always [madvise] never")).isEqualTo("madvise");
        assertThat(WriteCapture.writable("[always] madvise never")).isEqualTo("always");
        assertThat(WriteCapture.writable("3")).isEqualTo("3");
        assertThat(WriteCapture.writable("[a] [b]")).isEqualTo("[a] [b]");
    }

    @Test
    void theCaseBecomesAgentArguments() {
        assertThat(BIND.agentArgs()).containsExactly("call=mbind", "mode=2", "flags=0", "nodes=2", "maxnode=1025", "pages=4", "addr=map", "touch=1");
    }
}
