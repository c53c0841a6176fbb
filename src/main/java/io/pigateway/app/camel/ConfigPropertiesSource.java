package io.pigateway.app.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.config.GatewayConfig;
import java.util.function.Supplier;
import org.apache.camel.spi.PropertiesSource;

/**
 * The gateway's JSONC config as a Camel properties source: {@code {{agent.id}}} or
 * {@code {{channels.telegram.dmPolicy}}} in a YAML route resolve to the running config's values
 * (defaults included). Lists and objects resolve to their JSON text; an unknown key resolves to
 * nothing, so {@code {{key:default}}} and the other sources still apply.
 *
 * <p>Secrets ({@code gateway.auth.token}, bot tokens) resolve too: a route may need them. This class
 * never logs a value, and Camel masks the options its components declare secret in what it logs.
 */
public final class ConfigPropertiesSource implements PropertiesSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<GatewayConfig> config;
    // the tree of the config last asked for: a reload swaps the config, so the tree follows
    private volatile Snapshot snapshot;

    private record Snapshot(GatewayConfig config, JsonNode tree) {
    }

    /** @param config the running config (read on every lookup, so a config reload shows in reloaded routes) */
    public ConfigPropertiesSource(Supplier<GatewayConfig> config) {
        this.config = config;
    }

    @Override
    public String getName() {
        return "pi-gateway-config";
    }

    @Override
    public String getProperty(String name) {
        JsonNode node = tree();
        for (String part : name.split("\\.")) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private JsonNode tree() {
        GatewayConfig current = config.get();
        Snapshot last = snapshot;
        if (last == null || last.config() != current) {
            last = new Snapshot(current, flattenRouteChannels(JSON.valueToTree(current)));
            snapshot = last;
        }
        return last.tree();
    }

    // a YAML channel's section is written channels.<name> but held in ChannelsConfig.routeChannels:
    // lift it back to where the user wrote it, so {{channels.filechan.dmPolicy}} resolves
    private static JsonNode flattenRouteChannels(JsonNode tree) {
        if (tree.path("channels") instanceof ObjectNode channels && channels.get("routeChannels") instanceof ObjectNode named) {
            channels.remove("routeChannels");
            named.fields().forEachRemaining(e -> channels.putIfAbsent(e.getKey(), e.getValue()));
        }
        return tree;
    }
}
