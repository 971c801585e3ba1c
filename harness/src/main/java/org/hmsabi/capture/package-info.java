/**
 * Turning guests and trees into snapshots: booting guests and capturing them, several at a time
 * ({@link org.hmsabi.capture.ParallelCaptures}), reading a guest's sysfs and syscalls through the
 * agent, and reading or archiving a captured directory tree. Layer 6: it may use guest and
 * everything below it.
 */
package org.hmsabi.capture;
