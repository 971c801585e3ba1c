package org.hmsabi.suites;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Guest properties spend real boots and syscalls, so their tries are a budget:
 * {@code -Dhmsabi.tries=N} (a soak or nightly run) sets every property's tries; without it a
 * property keeps the tries it declares (a property that boots per try declares few), and one that
 * declares none gets {@value #DEFAULT_TRIES} instead of jqwik's 1000, so CI stays fast.
 */
class TriesFromSystemProperty implements AroundPropertyHook {
    static final int DEFAULT_TRIES = 50;

    /** Registered on the test class, it must reach the properties below it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer override = Integer.getInteger("hmsabi.tries");
        if (override != null && override > 0) {
            context.attributes().setTries(override);
        } else if (context.attributes().tries().isEmpty()) {
            context.attributes().setTries(DEFAULT_TRIES);
        }
        return property.execute();
    }
}
