package org.hmsabi.suites;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets a guest property's tries from {@code -Dhmsabi.tries} (default 50): CI keeps the default
 * and stays fast, a soak run raises it without touching the code.
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
        context.attributes().setTries(Integer.getInteger("hmsabi.tries", DEFAULT_TRIES));
        return property.execute();
    }
}
