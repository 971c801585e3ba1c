package org.hmsabi.topology;

import java.util.List;
import java.util.Optional;

/**
 * Read access to a captured sysfs/procfs tree by absolute path (/sys/..., /proc/...), whether
 * it came from a guest snapshot or a directory: what {@link ObservedTopology} is built from.
 */
public interface SysfsView {

    /** The value of a readable file, without its trailing newline; empty when absent, unreadable or only its format is known. */
    Optional<String> value(String path);

    /** One row of a table file (meminfo's MemTotal), when its value is known. */
    Optional<String> row(String path, String row);

    /** The names of the entries directly below a directory, sorted; empty when there is none. */
    List<String> children(String directory);

    /** Whether a directory (or any entry) exists at the path. */
    boolean exists(String path);
}
