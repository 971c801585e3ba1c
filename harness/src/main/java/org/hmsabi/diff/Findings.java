package org.hmsabi.diff;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.spec.Stability;

/** How findings are made: one per changed path, and one from a group of related ones. */
final class Findings {
    private Findings() {
    }

    /** A change of one path (or row, or syscall case), before grouping; its subject is the path. */
    static Finding atomic(Kind kind, Finding.Severity severity, Stability stability, String path,
                          Optional<String> baseline, Optional<String> candidate) {
        return new Finding(kind, severity, stability, path, List.of(path), baseline, candidate, Optional.empty());
    }

    /**
     * One finding standing for several: it covers all their paths and is as severe as the most
     * severe of them, with that one's stability, so grouping never softens a verdict. Among equally
     * severe members the best documented one names the stability (a new directory has no rule of
     * its own, the files in it do).
     */
    static Finding group(Kind kind, String subject, List<Finding> members, Optional<String> baseline, Optional<String> candidate) {
        return group(kind, subject, members, members, baseline, candidate);
    }

    /**
     * As {@link #group(Kind, String, List, Optional, Optional)}, but only {@code decisive} members
     * (a subset) set the severity: the other members follow from them (the tier directories that
     * appear and vanish when a node moves between tiers follow from its nodelist change).
     */
    static Finding group(Kind kind, String subject, List<Finding> members, List<Finding> decisiveMembers,
                         Optional<String> baseline, Optional<String> candidate) {
        Finding decisive = (decisiveMembers.isEmpty() ? members : decisiveMembers).stream()
                .min(Comparator.comparing(Finding::severity).thenComparing(Finding::stability)).orElseThrow();
        Set<String> paths = new LinkedHashSet<>();
        members.forEach(member -> paths.addAll(member.paths()));
        // A note every member carries (a removal the spec documents) stays with the group.
        Optional<String> note = common(members.stream().map(Finding::waiver).toList());
        return new Finding(kind, decisive.severity(), decisive.stability(), subject, List.copyOf(paths),
                baseline, candidate, note);
    }

    /** The one value all members share, if they do. */
    static Optional<String> common(List<Optional<String>> values) {
        return values.stream().distinct().count() == 1 ? values.get(0) : Optional.empty();
    }
}
