package org.hmsabi.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.hmsabi.check.CheckResult;
import org.hmsabi.cxl.CxlExpanderScenario;
import org.hmsabi.diff.Waivers;
import org.hmsabi.driver.AddedNode;
import org.hmsabi.driver.DriverExpectation;
import org.hmsabi.driver.DriverResult;
import org.hmsabi.driver.DriverValidation;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.hotplug.GuestMemory;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.topology.Topology;

/**
 * {@code hmsabi validate-driver} on a topology with a {@code cxl:} section and no vendor module: the
 * memory comes from the CXL device through the kernel's own drivers, so the cxl suite builds the
 * region (every step checked), and while its memory is online the node it became is judged like a
 * driver's: the "new memory node" check and every promise of the expect file (node, size, tier,
 * access classes). Then the region is taken apart, as the suite does. One freshly booted guest.
 */
public final class CxlDriverValidation {
    private CxlDriverValidation() {
    }

    public static DriverResult run(GuestSpec spec, Kernel kernel, Topology topology, DriverExpectation expectation, Waivers hotPlugWaivers,
                                   Consumer<String> progress) {
        try (Guest guest = Guest.boot(spec.withSavedStates(false))) {
            long taintBefore = DriverValidation.taint(guest);
            String autoOnline = new GuestMemory(guest.session()).autoOnlinePolicy();
            List<AddedNode> added = new ArrayList<>();
            List<CheckResult> driverChecks = new ArrayList<>();
            CxlExpanderScenario.Outcome outcome = new CxlExpanderScenario(kernel, topology, CxlExpanderScenario.DEFAULT_TIMEOUT,
                    hotPlugWaivers, progress).whileOnline((running, node, sizeBytes, withRegion) -> {
                        added.add(DriverValidation.addedNode(running, withRegion, node));
                        driverChecks.addAll(DriverValidation.newMemoryChecks(kernel, expectation, added, withRegion,
                                autoOnline + "; a CXL region brought it, onlined as the cxl suite does"));
                        return List.copyOf(driverChecks);
                    }).run(guest);
            List<CheckResult> checks = new ArrayList<>(outcome.checks());
            if (driverChecks.isEmpty()) {
                checks.add(new CheckResult(DriverResult.SUITE, "new memory node", kernel.exactReference(), CheckResult.Status.FAILED,
                        Optional.of("no CXL region came online, so no node to hold to " + expectation.source()
                                + " (the cxl checks say which step stopped it)")));
            }
            return new DriverResult(kernel.exactReference(), guest.session().kernelRelease(), topology.name(), List.of(), autoOnline,
                    List.of(), added, taintBefore, DriverValidation.taint(guest), checks, List.of(), "", guest.consoleText(),
                    guest.bootTime(), Optional.empty());
        }
    }
}
