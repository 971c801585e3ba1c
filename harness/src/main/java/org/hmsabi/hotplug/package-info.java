/**
 * The memory hot-plug suite: add and remove DIMMs and virtio-mem memory in a running guest through
 * the guest layer's monitor, bring it online, and check what user space sees
 * ({@link org.hmsabi.hotplug.HotPlugScenario}). Layer 9: it may use check and everything below it,
 * but drives QEMU only through guest.
 */
package org.hmsabi.hotplug;
