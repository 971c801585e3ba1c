package org.hmsabi.bisect;

import java.util.List;
import java.util.Optional;
import org.hmsabi.diff.Finding;

/**
 * Which findings make a kernel "bad": by default any WARNING or FAILURE (what the gate would
 * flag with --strict); with a pattern, any finding whose subject or one of whose paths contains
 * it, whatever its severity (new ABI is INFO, yet it is exactly what one bisects for).
 */
public record FindingFilter(Optional<String> pattern) {

    public static FindingFilter anyWarningOrFailure() {
        return new FindingFilter(Optional.empty());
    }

    public static FindingFilter containing(String pattern) {
        return new FindingFilter(Optional.of(pattern));
    }

    public boolean matches(Finding finding) {
        return pattern.map(text -> finding.subject().contains(text) || finding.paths().stream().anyMatch(path -> path.contains(text)))
                .orElse(finding.severity() != Finding.Severity.INFO);
    }

    public Optional<Finding> firstMatch(List<Finding> findings) {
        return findings.stream().filter(this::matches).findFirst();
    }

    public String describe() {
        return pattern.map(text -> "a finding about '" + text + "'").orElse("any WARNING or FAILURE finding");
    }
}
