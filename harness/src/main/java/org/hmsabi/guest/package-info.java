/**
 * A booted guest: boot and saved states, the initramfs, the agent protocol, mempolicy calls run
 * in the guest, and the machine side hot-plug drives ({@link org.hmsabi.guest.MemoryMonitor}).
 * Layer 5: it may use qemu and everything below it (root, topology, kernel, spec, model).
 */
package org.hmsabi.guest;
