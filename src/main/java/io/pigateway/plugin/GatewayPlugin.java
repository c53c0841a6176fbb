package io.pigateway.plugin;

/**
 * A gateway module: the built-in ones (pi, pipeline, api, tools, telegram, webchat) and users'
 * plugins alike. Found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.pigateway.plugin.GatewayPlugin}; a user plugin is a jar in
 * {@code plugins/} (or a path in the config's {@code plugins} list) and gets its own class loader.
 */
public interface GatewayPlugin {

    /** The name in logs and {@code pi-gw plugins list}. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Registration order: built-ins use 0-99 (core services first), user plugins default to 100. */
    default int order() {
        return 100;
    }

    /** Called once per gateway start, before Camel starts: contribute everything here. */
    void register(GatewayPluginApi api) throws Exception;
}
