package org.hmsabi.diff;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;

/** The two snapshots a diff compares, with their sysfs and procfs sections seen as one tree of paths. */
record SnapshotPair(Snapshot baseline, Snapshot candidate) {

    static SortedMap<String, Entry> entries(Snapshot snapshot) {
        SortedMap<String, Entry> entries = new TreeMap<>(snapshot.sysfs());
        entries.putAll(snapshot.procfs());
        return entries;
    }

    /** The entry a finding of this kind is about: an added path lives in the candidate, any other in the baseline. */
    Optional<Entry> entryOf(Kind kind, String path) {
        Snapshot side = kind == Kind.ADDED ? candidate : baseline;
        return Optional.ofNullable(side.sysfs().get(path)).or(() -> Optional.ofNullable(side.procfs().get(path)));
    }
}
