package org.hmsabi.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.Optional;
import org.hmsabi.diff.Waivers;
import org.hmsabi.guest.Guest;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;
import org.hmsabi.model.SnapshotFiles;
import org.hmsabi.hotplug.HotPlugScenario;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.check.CheckResult;
import org.hmsabi.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Memory hot-plug on the default kernels, driven over QMP while the guest runs: a DIMM added to
 * the memory-less node 3 of cxl-far-memory and removed again, and a virtio-mem device grown and
 * shrunk (CXL memory arrives as a region, which CxlExpanderTest checks). Each add must pass every
 * post-event check and each remove must bring the tree back; nothing is skipped.
 */
@Tag("guest")
class HotPlugTest {

    static Stream<String> defaultKernels() {
        return TestGuests.defaultKernelReferences().stream();
    }

    @ParameterizedTest(name = "{0} on cxl-far-memory")
    @MethodSource("defaultKernels")
    void everyHotPlugEventBringsANewNodeThatPassesTheChecksAndLeavesNoTrace(String reference) {
        Kernel kernel = TestGuests.kernel(reference);
        Topology topology = TestGuests.topology("cxl-far-memory");
        Instant started = Instant.now();
        Waivers waivers = Waivers.load(TestGuests.workspace().hotPlugWaivers());
        List<String> boots = new ArrayList<>();
        HotPlugScenario.Outcome outcome = new HotPlugScenario(TestGuests.spec(kernel, topology), spec -> {
            Guest guest = Guest.boot(spec);
            boots.add((guest.restored() ? "restored in " : "booted in ") + guest.bootTime().toMillis() + " ms");
            return guest;
        }, kernel, topology, HotPlugScenario.DEFAULT_EVENT_TIMEOUT, waivers).runAll();
        List<CheckResult> results = outcome.checks();
        System.out.printf("hot-plug scenario on %s: %d checks in %d ms; guests %s%n", reference, results.size(),
                Duration.between(started, Instant.now()).toMillis(), boots);
        results.forEach(result -> System.out.println("  " + result.status() + " " + result.name() + ": " + result.message().orElse("")));

        assertThat(results).filteredOn(result -> result.status() == CheckResult.Status.FAILED)
                .as("failed hot-plug checks on %s", reference).isEmpty();
        // Both declared devices ran their whole chain: online, every check, back to before.
        for (String event : List.of("dimm0 add 256M to node 3", "vmem0 resize 0 -> 512M on node 3")) {
            assertThat(results).extracting(CheckResult::name).as(event).contains(
                    event + ": online policy", event + ": node masks", event + ": meminfo MemTotal", event + ": memory blocks",
                    event + ": memory tier", event + ": access0/access1", event + ": distance", event + ": mbind BIND",
                    event + ": move_pages", event + ": abi diff before/after");
        }
        assertThat(results).extracting(CheckResult::name)
                .contains("dimm0 remove 256M from node 3: back to the state before", "vmem0 resize 512M -> 0 on node 3: back to the state before");
        assertThat(results).filteredOn(result -> result.name().contains("abi diff") || result.name().contains("back to"))
                .allSatisfy(result -> assertThat(result.diff()).isPresent());
        // The gate diffs these states with the golden files: they must be what the kernel shows today.
        GoldenFiles golden = GoldenFiles.of(TestGuests.workspace());
        String key = GoldenFiles.kernelKey(new Snapshot.KernelInfo(kernel.release(), kernel.exactReference()));
        assertThat(outcome.afterAdd()).containsOnlyKeys("dimm0", "vmem0");
        outcome.afterAdd().forEach((device, snapshot) -> {
            Optional<Snapshot> recorded = golden.readHotPlug(topology.name(), key, device);
            assertThat(recorded).as("%s exists; record it with ./hmsabi gate --topology %s --update-golden",
                    golden.hotPlugPathFor(topology.name(), key, device), topology.name()).isPresent();
            assertThat(SnapshotFiles.toCanonicalJson(snapshot)).as("%s is current (else: ./hmsabi gate --update-golden --topology %s)",
                    golden.hotPlugPathFor(topology.name(), key, device), topology.name())
                    .isEqualTo(SnapshotFiles.toCanonicalJson(recorded.get()));
        });
        assertThat(results).as("no check of the hot-plug suite is skipped on cxl-far-memory")
                .noneMatch(result -> result.status() == CheckResult.Status.SKIPPED);
    }
}
