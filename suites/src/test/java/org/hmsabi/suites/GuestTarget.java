package org.hmsabi.suites;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The kernel and fixture a property container runs on; {@link OneGuestPerContainer} boots it once
 * for the whole container. {@code kernel} indexes the gate's default pair: 0 the baseline (6.1),
 * 1 the candidate (6.12). {@code tries} (0: the usual budget) lets a big fixture run fewer tries.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface GuestTarget {
    int kernel();

    String fixture();

    int tries() default 0;
}
