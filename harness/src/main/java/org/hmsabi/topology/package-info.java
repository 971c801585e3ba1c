/**
 * Topology fixtures (NUMA nodes, distances, HMAT, memory-side caches, hot-plug devices): loading,
 * validation and writing, and the topology a guest shows read back from its sysfs
 * ({@link org.hmsabi.topology.ObservedTopology}). Lowest layer beside kernel: it may use only the
 * root package.
 */
package org.hmsabi.topology;
