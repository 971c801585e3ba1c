/**
 * The ABI history: the gate's diff between each consecutive pair of kernel series, in one run, as
 * one report: for every attribute and syscall case, the release where it appeared, changed or
 * went away ({@link org.hmsabi.history.AbiHistory}), as text and as an HTML table
 * ({@link org.hmsabi.history.HistoryPage}). Reads snapshots (golden files or captures); boots
 * nothing itself.
 * Layer 11, beside gate and bisect: it may use driver, hotplug and everything below them.
 */
package org.hmsabi.history;
