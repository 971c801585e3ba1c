/**
 * The kernel CI gate ({@link org.hmsabi.gate.Gate}): baseline and candidate captured on every
 * topology, diffed, checked by the suites, the hot-plug path run, all gathered in a
 * {@link org.hmsabi.gate.GateOutcome} for the report writers. Layer 11, beside bisect and
 * history: it may use driver, hotplug and everything below them.
 */
package org.hmsabi.gate;
