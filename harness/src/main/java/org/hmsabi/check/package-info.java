/**
 * The result of one named check of a suite run in a guest ({@link org.hmsabi.check.CheckResult}),
 * shared by the hot-plug and driver suites, the gate and the reports. Layer 8: it may use
 * conformance, diff and everything below them.
 */
package org.hmsabi.check;
