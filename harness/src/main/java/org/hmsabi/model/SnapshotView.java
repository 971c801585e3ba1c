package org.hmsabi.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hmsabi.topology.SysfsView;

/** A snapshot's sysfs and procfs entries read by path. */
public final class SnapshotView implements SysfsView {
    private final SortedMap<String, Entry> entries = new TreeMap<>();

    public SnapshotView(Snapshot snapshot) {
        entries.putAll(snapshot.sysfs());
        entries.putAll(snapshot.procfs());
    }

    /** Every entry, sysfs and procfs together, sorted by path. */
    public SortedMap<String, Entry> entries() {
        return entries;
    }

    @Override
    public Optional<String> value(String path) {
        if (entries.get(path) instanceof Entry.File file && file.content() instanceof Cell.Value known) {
            String value = known.value();
            return Optional.of(value.endsWith("\n") ? value.substring(0, value.length() - 1) : value);
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> row(String path, String row) {
        if (entries.get(path) instanceof Entry.Table table && table.rows().get(row) instanceof Cell.Value known) {
            return Optional.of(known.value());
        }
        return Optional.empty();
    }

    @Override
    public List<String> children(String directory) {
        String prefix = directory + "/";
        List<String> names = new ArrayList<>();
        for (String path : entries.tailMap(prefix).keySet()) {
            if (!path.startsWith(prefix)) {
                break;
            }
            String rest = path.substring(prefix.length());
            if (!rest.contains("/")) {
                names.add(rest);
            }
        }
        return names;
    }

    @Override
    public boolean exists(String path) {
        return entries.containsKey(path);
    }
}
