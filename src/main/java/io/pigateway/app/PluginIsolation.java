package io.pigateway.app;

import io.pigateway.api.WsMethods;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.core.hook.Hook;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.plugin.AgentToolSpec;
import io.pigateway.plugin.GatewayMethod;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import io.pigateway.tools.ToolException;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a plugin's failure the plugin's own: wraps what it registers so that an exception (or a
 * {@link LinkageError}: a class its jar lacks) is logged as {@code plugin <name>: ...} and turned
 * into the mildest answer that still tells the truth — a skipped hook (or a dropped message when the
 * hook is {@code failClosed}), a tool error the agent reads, a WebSocket error frame, an HTTP 500, a
 * command reply. Plugin code also runs with its own class loader as the thread's context loader,
 * so libraries inside the jar that look classes up by name find them.
 */
public final class PluginIsolation {
    private static final Logger LOG = LoggerFactory.getLogger(PluginIsolation.class);

    private PluginIsolation() {
    }

    /**
     * Runs {@code plugin.register(api)}; when it throws, logs it, drops whatever the plugin had
     * registered so far and records the error in {@code into.failed}.
     *
     * @return whether the plugin registered cleanly
     */
    public static boolean register(GatewayPlugin plugin, GatewayPluginApi api, Registrations into) {
        String name = api.pluginName();
        ClassLoader previous = enter(plugin);
        try {
            plugin.register(api);
            return true;
        } catch (Exception | LinkageError e) {
            LOG.warn("plugin {}: register() failed; the plugin is disabled: {}", name, e.toString(), e);
            into.removeModule(name);
            into.failed.put(name, sentence(e));
            return false;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** A hook that never throws: a failure is logged and skipped, or cancels the message when {@code failClosed}. */
    public static Hook hook(String plugin, HookPoint point, Hook hook, boolean failClosed) {
        return context -> {
            ClassLoader previous = enter(hook);
            try {
                hook.handle(context);
            } catch (Exception | LinkageError e) {
                if (failClosed) {
                    LOG.warn("plugin {}: hook {} failed; the message is dropped (failClosed): {}", plugin, point.id(),
                            e.toString(), e);
                    context.cancel();
                } else {
                    LOG.warn("plugin {}: hook {} failed and was skipped: {}", plugin, point.id(), e.toString(), e);
                }
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        };
    }

    /** The same tool, whose failures reach the agent as the tool's error text. */
    public static AgentToolSpec tool(String plugin, AgentToolSpec tool) {
        AgentToolSpec.Handler handler = tool.handler();
        return new AgentToolSpec(tool.name(), tool.description(), tool.parameters(), (sessionKey, args) -> {
            ClassLoader previous = enter(handler);
            try {
                return handler.call(sessionKey, args);
            } catch (Exception | LinkageError e) {
                LOG.warn("plugin {}: tool {} failed for session {}: {}", plugin, tool.name(), sessionKey, e.toString(), e);
                throw new ToolException("plugin " + plugin + ": tool " + tool.name() + " failed: " + sentence(e));
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        });
    }

    /** A WebSocket method whose failures become an error frame; the connection stays open. */
    public static GatewayMethod method(String plugin, String name, GatewayMethod method) {
        return params -> {
            ClassLoader previous = enter(method);
            try {
                return method.call(params);
            } catch (WsMethods.MethodError e) {
                throw e; // the plugin chose its own error code
            } catch (Exception | LinkageError e) {
                LOG.warn("plugin {}: method {} failed: {}", plugin, name, e.toString(), e);
                throw new WsMethods.MethodError("plugin_error", "plugin " + plugin + ": " + name + " failed: "
                        + sentence(e));
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        };
    }

    /** An HTTP handler whose failures answer 500 with a sentence instead of a stack trace. */
    public static Processor http(String plugin, String path, Processor processor) {
        return exchange -> {
            ClassLoader previous = enter(processor);
            try {
                processor.process(exchange);
            } catch (Exception | LinkageError e) {
                LOG.warn("plugin {}: HTTP {} failed: {}", plugin, path, e.toString(), e);
                exchange.setException(null);
                exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                exchange.getMessage().setBody("{\"error\":\"plugin " + plugin + " failed to handle this request\"}");
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        };
    }

    /** A slash command whose failure is answered in the chat instead of reaching the agent. */
    public static ChatCommand command(String plugin, ChatCommand command) {
        ChatCommand.Handler handler = command.handler();
        if (handler == null) {
            return command;
        }
        return new ChatCommand(command.name(), command.description(), (message, sessionKey, args) -> {
            ClassLoader previous = enter(handler);
            try {
                return handler.handle(message, sessionKey, args);
            } catch (Exception | LinkageError e) {
                LOG.warn("plugin {}: command /{} failed: {}", plugin, command.name(), e.toString(), e);
                return "The /" + command.name() + " command failed (plugin " + plugin + "): " + sentence(e);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        });
    }

    /** A service whose failing start or stop is logged; the gateway starts and stops anyway. */
    public static Service service(String plugin, Service service) {
        return new IsolatedService(plugin, service);
    }

    /** Routes whose building fails alone: logged, none of them added, the gateway starts without them. */
    public static RoutesBuilder routes(String plugin, RoutesBuilder routes) {
        return new IsolatedRoutes(plugin, routes);
    }

    /** What a wrapper stands for (its class names it in {@code plugins list}); anything else is itself. */
    public static Object original(Object registered) {
        return registered instanceof Wrapper w ? w.original() : registered;
    }

    /** A wrapper that can name what it wraps. */
    interface Wrapper {
        Object original();
    }

    /** Forwards the CamelContext to a service that asks for it, as Camel would without the wrapper. */
    private record IsolatedService(String plugin, Service service) implements Service, CamelContextAware, Wrapper {
        @Override
        public void build() {
            guard("build", service::build);
        }

        @Override
        public void init() {
            guard("initialize", service::init);
        }

        @Override
        public void start() {
            guard("start", service::start);
        }

        @Override
        public void stop() {
            guard("stop", service::stop);
        }

        @Override
        public void close() {
            guard("close", () -> {
                try {
                    service.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        @Override
        public void setCamelContext(CamelContext context) {
            if (service instanceof CamelContextAware aware) {
                aware.setCamelContext(context);
            }
        }

        @Override
        public CamelContext getCamelContext() {
            return service instanceof CamelContextAware aware ? aware.getCamelContext() : null;
        }

        @Override
        public Object original() {
            return service;
        }

        private void guard(String what, Runnable step) {
            ClassLoader previous = enter(service);
            try {
                step.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("plugin {}: service {} failed to {}: {}", plugin, service.getClass().getName(), what,
                        e.toString(), e);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }

    private record IsolatedRoutes(String plugin, RoutesBuilder routes) implements RoutesBuilder, Wrapper {
        @Override
        public void addRoutesToCamelContext(CamelContext context) {
            ClassLoader previous = enter(routes);
            try {
                routes.addRoutesToCamelContext(context);
            } catch (Exception | LinkageError e) {
                LOG.warn("plugin {}: its routes cannot be added; skipped: {}", plugin, e.toString(), e);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }

        @Override
        public void addTemplatedRoutesToCamelContext(CamelContext context) throws Exception {
            routes.addTemplatedRoutesToCamelContext(context);
        }

        @Override
        public Set<String> updateRoutesToCamelContext(CamelContext context) throws Exception {
            return routes.updateRoutesToCamelContext(context);
        }

        @Override
        public Object original() {
            return routes;
        }
    }

    /** The error as one line for logs, replies and {@code plugins list}. */
    static String sentence(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse("");
    }

    /** Makes the plugin's class loader the context loader; returns the previous one to restore. */
    private static ClassLoader enter(Object pluginObject) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(pluginObject.getClass().getClassLoader());
        return previous;
    }
}
