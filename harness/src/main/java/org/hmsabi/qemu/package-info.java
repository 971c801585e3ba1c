/**
 * QEMU itself: command lines for a topology (NUMA, HMAT, CXL arguments), the launchers that run
 * it on this machine or in a container, supervised processes and the QMP monitor client.
 * Layer 4: it may use the root, topology, container, kernel, spec and model.
 */
package org.hmsabi.qemu;
