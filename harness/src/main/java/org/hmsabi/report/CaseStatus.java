package org.hmsabi.report;

/**
 * The status of one reported test case. ERROR means the kernel could not be judged (a guest
 * did not boot): every format keeps it apart from FAILED, which judges the kernel.
 */
public enum CaseStatus { PASSED, FAILED, ERROR, SKIPPED }
