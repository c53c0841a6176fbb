package io.pigateway.app;

import io.pigateway.core.channel.Channel;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.camel.RoutesBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin's channel whose failure to connect, disconnect, reconfigure or report health is logged with the
 * plugin's name instead of stopping the gateway's start or stop; its routes build alone. Every
 * other call goes straight to the channel (a failing send is the caller's error to report). A
 * proxy, not a hand-written delegate: a method the SPI gains later reaches the plugin's own
 * implementation instead of silently falling back to the interface's default.
 */
final class IsolatedPluginChannel implements InvocationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedPluginChannel.class);

    private final String plugin;
    private final Channel channel;

    private IsolatedPluginChannel(String plugin, Channel channel) {
        this.plugin = plugin;
        this.channel = channel;
    }

    static Channel of(String plugin, Channel channel) {
        return (Channel) Proxy.newProxyInstance(IsolatedPluginChannel.class.getClassLoader(),
                new Class<?>[] {Channel.class, PluginIsolation.Wrapper.class}, new IsolatedPluginChannel(plugin, channel));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == PluginIsolation.Wrapper.class) {
            return channel;
        }
        try {
            Object result = method.invoke(channel, args);
            return "routes".equals(name) && result instanceof RoutesBuilder routes
                    ? PluginIsolation.routes(plugin, routes) : result;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            boolean guarded = name.equals("start") || name.equals("stop") || name.equals("health")
                    || name.equals("reconfigure");
            if (!guarded || !(cause instanceof Exception || cause instanceof LinkageError)) {
                throw cause;
            }
            LOG.warn("plugin {}: channel {} failed to {}{}: {}", plugin, channel.name(), name,
                    name.equals("start") ? "; the gateway runs without it" : "", cause.toString(), cause);
            if (name.equals("reconfigure")) {
                return java.util.List.of(); // the plugin keeps its old settings; the reload goes on
            }
            return name.equals("health") ? Map.of("running", false, "error", PluginIsolation.sentence(cause)) : null;
        }
    }
}
