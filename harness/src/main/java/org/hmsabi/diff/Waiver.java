package org.hmsabi.diff;

import java.time.LocalDate;
import java.util.Optional;
import org.hmsabi.kernel.KernelRange;
import org.hmsabi.model.Snapshot.KernelInfo;
import org.hmsabi.spec.PathPattern;

/**
 * One entry of {@code fixtures/waivers.yaml}: an accepted difference, by path pattern and/or
 * finding kind, for a range of candidate kernels, with the reason and a link, until it expires.
 *
 * @param origin  where it was written, {@code fixtures/waivers.yaml entry 2}, so reports can name it
 * @param path    covers a finding only if it matches every path the finding lists, so a waiver
 *                never hides a change it does not name ({@code **} covers a subtree)
 * @param finding covers only findings of this kind
 * @param topologies covers only findings of snapshots of these fixtures (empty: of every fixture)
 * @param expires the last day it applies; after that it is reported as expired and applies no more
 */
public record Waiver(
        String origin,
        Optional<PathPattern> path,
        Optional<Finding.Kind> finding,
        KernelRange kernels,
        java.util.Set<String> topologies,
        String reason,
        String link,
        Optional<LocalDate> expires) {

    public Waiver {
        topologies = java.util.Set.copyOf(topologies);
    }

    public boolean isExpired(LocalDate today) {
        return expires.map(today::isAfter).orElse(false);
    }

    public boolean covers(Finding candidateFinding, KernelInfo candidateKernel, String topology) {
        return appliesTo(topology) && finding.map(kind -> kind == candidateFinding.kind()).orElse(true)
                && path.map(pattern -> candidateFinding.paths().stream().allMatch(pattern::matches)).orElse(true)
                && kernels.contains(candidateKernel.release(), candidateKernel.reference());
    }

    /**
     * Whether it names one path of the finding (kind and kernels as in {@link #covers}): a grouped
     * finding (rows {@code nr_bounce} and {@code nr_writeback_temp} of {@code /proc/vmstat}) is
     * covered when every path it lists is named by some waiver, each for its own reason.
     */
    public boolean coversPath(String findingPath, Finding candidateFinding, KernelInfo candidateKernel, String topology) {
        return appliesTo(topology) && path.isPresent() && path.get().matches(findingPath)
                && finding.map(kind -> kind == candidateFinding.kind()).orElse(true)
                && kernels.contains(candidateKernel.release(), candidateKernel.reference());
    }

    private boolean appliesTo(String topology) {
        return topologies.isEmpty() || topologies.contains(topology);
    }

    /** How a waived finding names its waiver. */
    public String description() {
        return reason + " (" + link + "; " + origin + ")";
    }
}
