package io.pigateway.app;

import io.pigateway.api.ConfigState;
import io.pigateway.config.GatewayConfig;
import io.pigateway.security.GatewayToken;
import io.pigateway.store.StateStore;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every built-in module starts from, made by {@link GatewayRuntime} before the module loop:
 * the config (as started and as last reloaded), the private data dir, the state store, the gateway
 * token, the listen address, the shared Vert.x and where operator notices go.
 */
public record GatewayKernel(GatewayConfig config, ConfigState configState, Path configSource, Path dataDir,
                            StateStore store, GatewayToken token, String host, int port, Vertx vertx,
                            PrintStream out, GatewayRuntime runtime) {
}
