/**
 * Conformance: holds one snapshot against the spec (grammars, missing paths, invariants of the
 * whole tree) and reports the violations ({@link org.hmsabi.conformance.ConformanceChecker}).
 * Layer 7, beside diff: it may use capture and everything below it.
 */
package org.hmsabi.conformance;
