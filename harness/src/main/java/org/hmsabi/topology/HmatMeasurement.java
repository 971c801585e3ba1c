package org.hmsabi.topology;

/**
 * One latency/bandwidth figure of an HMAT entry.
 *
 * @param latencyNs       latency in nanoseconds (QEMU's unit; Linux reports nanoseconds too)
 * @param bandwidthMiBps  bandwidth in MiB/s (QEMU wants bytes/s in whole MiB; Linux reports this
 *                        number in its "MB/s" attributes)
 */
public record HmatMeasurement(long latencyNs, long bandwidthMiBps) {
}
