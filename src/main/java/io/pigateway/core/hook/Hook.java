package io.pigateway.core.hook;

/** A plugin's handler for one {@link HookPoint}; may change the context or cancel the message. */
@FunctionalInterface
public interface Hook {

    void handle(HookContext context) throws Exception;
}
