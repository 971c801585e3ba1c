package org.hmsabi.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hmsabi.check.CheckResult;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.model.WriteRecord;
import org.hmsabi.spec.WriteSpec;
import org.junit.jupiter.api.Test;

/** Write records judged against spec/writes.yaml: what the spec says passes, each deviation is a failed check named by its id. */
class WriteChecksTest {
    private static final WriteSpec SPEC = WriteSpec.bundled();

    /** Records exactly as the spec says for a kernel: accepted writes read what it says, refused ones hold the errno. */
    private static List<WriteRecord> asSpecified(String release) {
        KernelVersion kernel = KernelVersion.parse(release);
        List<WriteRecord> records = new ArrayList<>();
        for (WriteSpec.Attribute attribute : SPEC.attributesFor(kernel)) {
            for (WriteSpec.Case c : attribute.writesFor(kernel)) {
                String outcome = c.expect() instanceof WriteSpec.Expectation.Refused refused ? refused.errno() : "ok";
                String readBack = c.expect() instanceof WriteSpec.Expectation.Accepted accepted ? accepted.reads().orElse("1") : "1";
                records.add(new WriteRecord(attribute.caseId(c), attribute.instance(0), attribute.mode(), c.display(), outcome, "1",
                        readBack, null));
            }
        }
        return records;
    }

    @Test
    void recordsAsTheSpecSaysPass() {
        for (String release : List.of("6.1.0-57-amd64", "6.12.117+deb12-amd64", "7.3.4+deb13-amd64")) {
            List<CheckResult> checks = GateChecks.writeChecks(SPEC, asSpecified(release), release, "debian:x", "t", "sysfs-writes");
            assertThat(checks).as(release).singleElement().satisfies(c -> {
                assertThat(c.status()).isEqualTo(CheckResult.Status.PASSED);
                assertThat(c.suite()).isEqualTo("sysfs-writes");
            });
        }
    }

    @Test
    void aWrongErrnoAMissingRecordAndAWrongModeFail() {
        String release = "7.3.4+deb13-amd64";
        List<WriteRecord> records = new ArrayList<>(asSpecified(release));
        records.replaceAll(r -> switch (r.id()) {
            case "weighted_interleave/node/0" -> new WriteRecord(r.id(), r.path(), r.mode(), r.value(), "ok", "4", "1", null);
            case "numa/demotion_enabled/x" -> new WriteRecord(r.id(), r.path(), "0600", r.value(), r.outcome(), "false", null, null);
            default -> r;
        });
        records.removeIf(r -> r.id().equals("memory/auto_online_blocks/ONLINE"));
        List<CheckResult> checks = GateChecks.writeChecks(SPEC, records, release, "debian:7.3.4+deb13", "t", "sysfs-writes");
        assertThat(checks).allMatch(c -> c.status() == CheckResult.Status.FAILED).extracting(CheckResult::name)
                .containsExactlyInAnyOrder("weighted_interleave/node/0", "numa/demotion_enabled/x", "memory/auto_online_blocks/ONLINE");
        assertThat(checks).filteredOn(c -> c.name().equals("weighted_interleave/node/0")).singleElement()
                .extracting(CheckResult::message).isEqualTo(Optional.of("weighted_interleave/node/0 on 7.3.4: writing '0' to"
                        + " /sys/kernel/mm/mempolicy/weighted_interleave/node<N>: accepted, the spec says EINVAL (spec/writes.yaml,"
                        + " mm/mempolicy.c node_store(), kstrtou8(buf, 0, &weight))"));
    }
}
