/**
 * The report writers: summary.txt, JUnit XML, KCIDB, KTAP and Allure, written from a
 * {@link org.hmsabi.gate.GateOutcome} ({@link org.hmsabi.report.Reports}), and the validate-driver
 * report. Layer 12: it may use gate, bisect, history and everything below them.
 */
package org.hmsabi.report;
