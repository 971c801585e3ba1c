package org.hmsabi.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.hmsabi.diff.Finding;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;
import org.hmsabi.spec.Stability;
import org.hmsabi.spec.ValueClass;
import org.junit.jupiter.api.Test;

class GateHotPlugTest {

    private static Snapshot withPolicy(String policy) {
        TreeMap<String, Entry> sysfs = new TreeMap<>();
        sysfs.put("/sys/devices/system/memory/auto_online_blocks", new Entry.File("0644", new Cell.Value(ValueClass.DETERMINISTIC, policy + "\n")));
        return new Snapshot(Snapshot.SCHEMA, new Snapshot.KernelInfo("r", "debian:x"), new Snapshot.TopologyInfo("t", "h"), sysfs,
                new TreeMap<>(), List.of());
    }

    private static Finding failure(String path) {
        return new Finding(Finding.Kind.VALUE_CHANGED, Finding.Severity.FAILURE, Stability.STABLE, path, List.of(path),
                Optional.of("a"), Optional.of("b"), Optional.empty());
    }

    @Test
    void zoneLayoutOfTheNewNodeFollowsFromDifferentOnlinePolicies() {
        List<Finding> findings = List.of(failure("/proc/zoneinfo#node3/Normal/present"),
                failure("/sys/devices/system/node/has_normal_memory"),
                failure("/proc/zoneinfo#node0/Normal/present"),              // another node: not explained by the policy
                failure("/sys/devices/system/node/node3/access0/initiators/read_latency"));

        List<Finding> judged = GateHotPlug.acknowledgeOnlinePolicy(findings, withPolicy("offline"), withPolicy("online"), 3);

        assertThat(judged).extracting(Finding::severity).containsExactly(Finding.Severity.INFO, Finding.Severity.INFO,
                Finding.Severity.FAILURE, Finding.Severity.FAILURE);
        assertThat(judged.get(0).waiver()).hasValueSatisfying(why -> assertThat(why).contains("offline -> online"));
        assertThat(GateHotPlug.acknowledgeOnlinePolicy(findings, withPolicy("online"), withPolicy("online"), 3))
                .as("the same policy explains nothing").isEqualTo(findings);
    }

    @Test
    void hotPlugRunsAreNamedAfterTheirFixtureAndDevice() {
        assertThat(new GateCell.HotPlugDevice(org.hmsabi.topology.ShippedFixtures.load("cxl-far-memory"), "dimm0").name())
                .isEqualTo("cxl-far-memory.hotplug-dimm0");
    }
}
