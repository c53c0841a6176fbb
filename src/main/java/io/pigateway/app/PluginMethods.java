package io.pigateway.app;

import io.pigateway.api.WsMethods;
import io.pigateway.app.Registrations.Method;
import io.pigateway.app.Registrations.Registered;
import io.pigateway.plugin.GatewayMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The WebSocket methods modules registered: their naming rules and the map {@code WsMethods} serves. */
public final class PluginMethods {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    private PluginMethods() {
    }

    /** By name, for {@link WsMethods#withPluginMethods}. */
    public static Map<String, GatewayMethod> byName(List<Registered<Method>> methods) {
        Map<String, GatewayMethod> map = new LinkedHashMap<>();
        methods.forEach(m -> map.put(m.value().name(), m.value().handler()));
        return map;
    }

    /** Throws when the method cannot be served (the module's register() then fails). */
    static void requireValid(String name, GatewayMethod handler, List<Registered<Method>> registered) {
        Objects.requireNonNull(handler, "the method's handler");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a method name is like hello.ping (letters, digits, . _ -): " + name);
        }
        if (WsMethods.NAMES.contains(name) || "connect".equals(name) || name.startsWith("cron.")) {
            throw new IllegalArgumentException("the method " + name + " is the gateway's own");
        }
        registered.stream().filter(r -> r.value().name().equals(name)).findFirst().ifPresent(r -> {
            throw new IllegalArgumentException("the method " + name + " is already registered by " + r.module());
        });
    }
}
