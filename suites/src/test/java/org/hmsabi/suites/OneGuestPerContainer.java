package org.hmsabi.suites;

import net.jqwik.api.lifecycle.AfterContainerHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Boots the {@link GuestTarget} of a property container before its first property and powers it
 * off after its last, so one abstract class of properties runs on several kernels and fixtures,
 * one guest at a time. A target's {@code tries} caps the tries of each property (unless
 * -Dhmsabi.tries asks for a budget).
 */
class OneGuestPerContainer implements BeforeContainerHook, AfterContainerHook, AroundPropertyHook {

    /** Registered on the container, the tries cap must reach its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public void beforeContainer(ContainerLifecycleContext context) {
        Class<?> container = context.optionalContainerClass().orElseThrow();
        GuestTarget target = context.findAnnotation(GuestTarget.class).orElseThrow(
                () -> new IllegalStateException(container.getSimpleName() + " needs @GuestTarget(kernel = ..., fixture = ...)"));
        PropertyGuest.start(container, target.kernel(), target.fixture());
    }

    @Override
    public void afterContainer(ContainerLifecycleContext context) {
        context.optionalContainerClass().ifPresent(PropertyGuest::stop);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        int cap = context.optionalContainerClass().map(c -> c.getAnnotation(GuestTarget.class)).map(GuestTarget::tries).orElse(0);
        if (cap > 0 && Integer.getInteger("hmsabi.tries") == null) {
            context.attributes().setTries(Math.min(cap, context.attributes().tries().orElse(cap)));
        }
        return property.execute();
    }

    /** Closer to the property than TriesFromSystemProperty (0), which fills in the budget this caps. */
    @Override
    public int aroundPropertyProximity() {
        return 10;
    }
}
