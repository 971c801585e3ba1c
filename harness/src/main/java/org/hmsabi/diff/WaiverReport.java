package org.hmsabi.diff;

import java.util.List;

/**
 * Every waiver, accounted for: those that downgraded a finding, those that matched nothing (a
 * waiver for a change that no longer happens should be deleted) and those past their date.
 */
public record WaiverReport(List<Waiver> used, List<Waiver> unused, List<Waiver> expired) {
    public WaiverReport {
        used = List.copyOf(used);
        unused = List.copyOf(unused);
        expired = List.copyOf(expired);
    }
}
