package io.pigateway.app;

import io.pigateway.pipeline.SessionCatalog;
import io.pigateway.pipeline.ChannelRegistry;

import io.pigateway.config.GatewayConfig;
import io.pigateway.rpc.PiPool;
import io.pigateway.rpc.PiRpcComponent;
import io.pigateway.security.ssrf.GuardedFetcher;
import io.pigateway.security.ssrf.SsrfGuard;
import io.pigateway.store.SessionRecord;
import io.pigateway.tools.AgentTools;
import io.pigateway.tools.GatewayControl;
import io.pigateway.tools.MediaPaths;
import io.pigateway.tools.ToolEndpoint;
import io.pigateway.tools.ToolSecrets;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Assembles the agent tools bridge of one runtime: secrets for pi, the endpoint and the tools behind it. */
final class AgentToolsSetup {
    /** Largest file {@code send_media} downloads from a URL (Telegram's bot upload limit). */
    static final long MAX_DOWNLOAD_BYTES = 50L * 1024 * 1024;
    static final long DOWNLOAD_TIMEOUT_MS = 60_000;

    private AgentToolsSetup() {
    }

    /** Secrets whose env points pi at this gateway's tool endpoints over loopback when it listens on all. */
    static ToolSecrets secrets(String host, int port) {
        String h = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return new ToolSecrets("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + "/api/tools");
    }

    /** @param currentConfig the running config (the SSRF guard follows reloads) */
    static ToolEndpoint endpoint(GatewayConfig config, java.util.function.Supplier<GatewayConfig> currentConfig, Path dataDir, Vertx vertx, ToolSecrets secrets,
                                 PiRpcComponent pi, SessionCatalog sessions,
                                 ChannelRegistry channels, GatewayControl control, ExecutorService workers,
                                 java.util.function.Predicate<io.pigateway.core.ReplyTarget> operatorChat,
                                 io.pigateway.plugin.AgentToolSpec cronTool) {
        Path media = dataDir.resolve("media");
        AgentTools tools = new AgentTools(
                channels::actions,
                new MediaPaths(PiSetup.workspace(config.agent(), dataDir), media),
                new GuardedFetcher(vertx, () -> new SsrfGuard(currentConfig.get().security().ssrfGuard()),
                        MAX_DOWNLOAD_BYTES, DOWNLOAD_TIMEOUT_MS),
                media.resolve("downloads"), control,
                (key, poolName) -> {
                    SessionRecord session = sessions.find(key).orElseThrow(() -> new IllegalStateException("unknown session"));
                    PiPool pool = pi.getPool(poolName);
                    if (pool == null) {
                        throw new IllegalStateException("the agent pool is not running");
                    }
                    com.fasterxml.jackson.databind.JsonNode all = pool.sessionStats(key, session.sessionFile())
                            .get(30, TimeUnit.SECONDS);
                    if (all instanceof com.fasterxml.jackson.databind.node.ObjectNode o && session.model() != null) {
                        o.put("answeredBy", session.model()); // the latest answer's model (failover)
                    }
                    return all;
                }, operatorChat).withCron(cronTool);
        return new ToolEndpoint(secrets, process -> {
            PiPool pool = pi.getPool(process.pool());
            return pool != null ? pool.sessionServedBy(process.processId()) : Optional.empty();
        }, sessions::chatOf, tools, workers);
    }
}
