/**
 * Bisecting kernels for the change that brought (or fixed) an ABI finding: the search, the tester
 * that captures and diffs each step, and the report of the result ({@link org.hmsabi.bisect.BisectSearch}).
 * Layer 11, beside gate and history: it may use driver, hotplug and everything below them.
 */
package org.hmsabi.bisect;
