/**
 * The snapshot data model: {@link org.hmsabi.model.Snapshot} with its entries, cells and syscall
 * records, their canonical JSON ({@link org.hmsabi.model.SnapshotFiles}), golden files, and the
 * classification of file contents into entries by the spec. Layer 3: it may use the root,
 * topology, kernel and spec; it does no I/O with guests.
 */
package org.hmsabi.model;
