package org.hmsabi.conformance;

import java.util.List;

/**
 * The verdict on one tree: the violations (any one fails it), the paths the spec does not
 * know (reported, never a failure) and the paths that could not be read (not checked).
 */
public record ConformanceReport(String kernel, String topology, int checked, List<Violation> violations,
                                List<String> undocumented, List<String> unchecked) {

    public ConformanceReport {
        violations = List.copyOf(violations);
        undocumented = List.copyOf(undocumented);
        unchecked = List.copyOf(unchecked);
    }

    public boolean conforms() {
        return violations.isEmpty();
    }

    /** One line: the verdict and the counts. */
    public String summary() {
        return (conforms() ? "conforms" : "DOES NOT CONFORM") + ": kernel " + kernel + ", topology " + topology + ": "
                + checked + " paths checked, " + violations.size() + " violations, " + undocumented.size()
                + " undocumented, " + unchecked.size() + " unreadable";
    }
}
