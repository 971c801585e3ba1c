package org.hmsabi.qemu;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hmsabi.HmsabiException;
import org.hmsabi.Messages;
import org.hmsabi.topology.Topology;

/**
 * Where each guest's QEMU runs, by its fixture: every fixture on one launcher (the CLI's
 * {@code --runner host} or {@code --runner container}), or ({@code --runner auto}) on this
 * machine, and a fixture whose features this machine's QEMU is too old for on a newer one (the
 * trixie container's QEMU 10.0), which is built or started only when a fixture needs it.
 *
 * <p>A newer runner that cannot be had (no Docker engine, an image that does not build) leaves the
 * fixtures that need it unbootable with that reason, as a runner whose QEMU is too old does: named,
 * judged neither way, never a crash.
 */
public final class QemuRunners {
    private final QemuLauncher primary;
    private final Optional<Supplier<QemuLauncher>> newer;
    private QemuLauncher newerLauncher;
    private String newerFailure;

    private QemuRunners(QemuLauncher primary, Optional<Supplier<QemuLauncher>> newer) {
        this.primary = primary;
        this.newer = newer;
    }

    /** Every guest on {@code launcher}. */
    public static QemuRunners only(QemuLauncher launcher) {
        return new QemuRunners(launcher, Optional.empty());
    }

    /**
     * Guests on {@code primary}, except those of a fixture its QEMU cannot emulate, which go to the
     * launcher {@code newer} gives (asked once, on the first such fixture).
     */
    public static QemuRunners withNewer(QemuLauncher primary, Supplier<QemuLauncher> newer) {
        return new QemuRunners(primary, Optional.of(newer));
    }

    /** The launcher guests of {@code topology} boot on (the primary one when no other can do better). */
    public synchronized QemuLauncher forTopology(Topology topology) {
        QemuLauncher chosen = primary;
        if (!QemuRequirements.bootsOn(topology, primary)) {
            chosen = newer().orElse(primary);
        }
        return chosen;
    }

    /**
     * Whether a runner of this kind may boot {@code topology}: the primary runner's QEMU emulates it,
     * or there is a newer runner to ask. It builds and starts nothing, so it is the same on every
     * machine given the same runner option (a shard's split depends on it).
     */
    public boolean mayBoot(Topology topology) {
        return newer.isPresent() || QemuRequirements.bootsOn(topology, primary);
    }

    /**
     * Why no runner here can boot {@code topology}, in one line, or empty if one can: the primary
     * runner's unmet requirement when there is no newer runner, the newer one's when it is too old
     * as well, or why the newer runner could not be had.
     */
    public synchronized Optional<String> unmetReason(Topology topology) {
        Optional<String> unmet = QemuRequirements.unmetReason(topology, primary);
        if (unmet.isEmpty() || newer.isEmpty()) {
            return unmet;
        }
        Optional<QemuLauncher> other = newer();
        if (other.isEmpty()) {
            return Optional.of(QemuRequirements.unmetFeature(topology, primary).orElseThrow()
                    + "; the trixie container's QEMU could not be had: " + newerFailure);
        }
        return QemuRequirements.unmetFeature(topology, other.get());
    }

    /** Why {@code topology} is left out of a list of every fixture ({@code NAME left out: ...}), or empty. */
    public Optional<String> leftOut(Topology topology) {
        return unmetReason(topology).map(reason -> topology.name() + " left out: " + reason);
    }

    /**
     * What reports show about the QEMU that boots the guests of {@code topologies}: each runner
     * they boot on, as {@link QemuRequirements#describe} gives it, the primary runner first, joined
     * with "; " (the primary runner alone when there is no topology).
     */
    public String describe(List<Topology> topologies) {
        Set<QemuLauncher> launchers = new LinkedHashSet<>();
        topologies.stream().map(this::forTopology).sorted(java.util.Comparator.comparing(launcher -> launcher != primary))
                .forEach(launchers::add);
        if (launchers.isEmpty()) {
            launchers.add(primary);
        }
        List<String> lines = new ArrayList<>();
        launchers.forEach(launcher -> lines.add(QemuRequirements.describe(launcher)));
        return String.join("; ", lines);
    }

    private Optional<QemuLauncher> newer() {
        if (newer.isEmpty()) {
            return Optional.empty();
        }
        if (newerLauncher == null && newerFailure == null) {
            try {
                newerLauncher = newer.get().get();
            } catch (HmsabiException e) {
                newerFailure = Messages.firstLine(e.getMessage()) + " (ci/docker-up starts the Docker engine)";
            }
        }
        return Optional.ofNullable(newerLauncher);
    }
}
