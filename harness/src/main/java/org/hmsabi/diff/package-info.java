/**
 * The cross-version diff of two snapshots: every difference classified by the spec's stability,
 * grouped, waived where a waiver says so, and rendered as text or JSON
 * ({@link org.hmsabi.diff.SnapshotDiff}). Layer 7, beside conformance: it may use capture and
 * everything below it.
 */
package org.hmsabi.diff;
