package org.hmsabi.driver;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Promises about one access class ({@code nodeN/access0}) of a new node; absent values are not checked.
 *
 * @param initiators the initiator nodes listed in {@code accessK/initiators/}, in any order
 * @param readLatencyNs  {@code read_latency} in ns, and so on; bandwidths in MiB/s (sysfs says MB/s)
 */
public record ExpectedAccess(Optional<List<Integer>> initiators, OptionalLong readLatencyNs, OptionalLong writeLatencyNs,
                             OptionalLong readBandwidthMBps, OptionalLong writeBandwidthMBps) {
}
