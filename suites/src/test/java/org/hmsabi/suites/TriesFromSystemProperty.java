package org.hmsabi.suites;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Guest properties boot real kernels, so their tries are a budget: {@code -Dhmsabi.tries=N}
 * (a nightly run) overrides the small default a property declares for CI. Register it with
 * {@code propagateTo = DIRECT_DESCENDANTS} so it reaches the properties of a class.
 */
public final class TriesFromSystemProperty implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty("hmsabi.tries");
        if (tries != null && tries.matches("[1-9][0-9]*")) {
            context.attributes().setTries(Integer.parseInt(tries));
        }
        return property.execute();
    }
}
