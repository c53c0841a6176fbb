package io.pigateway.app;

import io.pigateway.core.hook.Hook;
import io.pigateway.core.hook.HookContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A module's hook that cannot take the message down with it: a hook that throws is logged with
 * its module's name and skipped, unless it was registered {@code failClosed}, which cancels the
 * message instead (a policy hook that cannot decide must not let everything through).
 */
final class IsolatedHook implements Hook {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedHook.class);

    private final String module;
    private final Hook hook;
    private final boolean failClosed;

    private IsolatedHook(String module, Hook hook, boolean failClosed) {
        this.module = module;
        this.hook = hook;
        this.failClosed = failClosed;
    }

    static Hook of(String module, Hook hook, boolean failClosed) {
        return new IsolatedHook(module, hook, failClosed);
    }

    @Override
    public void handle(HookContext context) {
        try {
            hook.handle(context);
        } catch (Exception | LinkageError e) {
            LOG.warn("a hook of module {} failed ({}); {}", module, e.toString(),
                    failClosed ? "the message is cancelled (failClosed)" : "skipped");
            if (failClosed) {
                context.cancel();
            }
        }
    }
}
