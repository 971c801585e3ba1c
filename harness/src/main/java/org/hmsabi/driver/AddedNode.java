package org.hmsabi.driver;

import java.util.OptionalLong;
import org.hmsabi.topology.ObservedTopology;

/**
 * A node that gained memory while the modules loaded, as the guest shows it afterwards.
 *
 * @param sizeBytes   its online memory blocks times the memory block size: exactly what was added
 * @param memTotalKiB its meminfo MemTotal, for the report
 * @param observed    its access classes, distances and tier from the snapshot after loading
 */
public record AddedNode(int id, long sizeBytes, OptionalLong memTotalKiB, ObservedTopology.Node observed) {
}
