package io.pigateway.app;

import io.pigateway.api.AdminRoutes;
import io.pigateway.api.ApiAuth;
import io.pigateway.api.ApiRoutes;
import io.pigateway.api.AuthEndpoints;
import io.pigateway.api.ControlPlane;
import io.pigateway.api.FrontDoor;
import io.pigateway.api.GatewayAccess;
import io.pigateway.api.GatewayHttpServer;
import io.pigateway.api.HttpSurface;
import io.pigateway.api.HookRoutes;
import io.pigateway.api.RequestGuard;
import io.pigateway.api.SessionRoutes;
import io.pigateway.api.WsMethods;
import io.pigateway.config.GatewayConfig;
import io.pigateway.cron.CronService;
import io.pigateway.cron.CronWsMethods;
import io.pigateway.config.GatewayConfig.AuthConfig;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.pipeline.EdgeChannel;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.SessionNotices;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import io.pigateway.security.AttemptLimiter;
import io.pigateway.security.AuthPolicy;
import io.pigateway.security.ClientKeys;
import io.pigateway.security.GatewayToken;
import io.pigateway.security.LoginSessions;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The control plane on the gateway's one port: auth (token/password, limiter, sign-in cookie),
 * the REST routes, the WebSocket methods and the listener itself, which mounts what the other
 * modules put on the {@link HttpSurface}.
 */
public final class ApiModule implements GatewayPlugin {

    @Override
    public String name() {
        return "api";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public void register(GatewayPluginApi api) {
        GatewayKernel kernel = api.lookup(GatewayKernel.class).orElseThrow();
        GatewayConfig config = kernel.config();
        GatewayService service = api.lookup(GatewayService.class).orElseThrow();
        ChannelRegistry channels = api.lookup(ChannelRegistry.class).orElseThrow();
        LoginSessions logins = new LoginSessions();
        requirePassword(config.gateway().auth());
        AuthConfig web = webAuth(config);
        requirePassword(web);
        GatewayAccess access = new GatewayAccess(AuthPolicy.of(config.gateway().auth(), kernel.token(), logins),
                AuthPolicy.of(web, kernel.token(), logins), logins, AttemptLimiter.standard(),
                new ClientKeys(config.gateway().trustedProxies()), config.gateway().publicUrl() != null
                && config.gateway().publicUrl().trim().toLowerCase(Locale.ROOT).startsWith("https://"));
        ControlPlane control = new ControlPlane(service, kernel.configState(), channels,
                api.lookup(SessionNotices.class).orElseThrow());
        GatewayToken hooksToken = config.hooks().enabled() ? hooksToken(kernel) : null;
        api.addRoutes(new io.pigateway.api.TokenRotationRoutes(kernel.token(), hooksToken)); // POST /api/auth/rotate
        if (kernel.configSource() != null && config.gateway().watchConfig()) {
            api.registerService(new ConfigFileWatcher(kernel.configSource(), kernel.configState()));
        }
        // cron re-reads its jobs during the reload (it meets the config state only through the assembly)
        kernel.configState().onReload((running, fresh, diff) -> {
            if (diff.touches("cron")) {
                api.lookup(CronService.class).ifPresent(CronService::configReloaded);
            }
        });
        HttpSurface surface = new HttpSurface();
        surface.addPublicPaths(Set.of("/health", AuthEndpoints.AUTH, AuthEndpoints.LOGIN, AuthEndpoints.LOGOUT));
        api.bind("gatewayAccess", access);
        api.bind("controlPlane", control);
        api.bind("httpSurface", surface);
        api.registerChannel(new EdgeChannel("api"));
        api.registerChannel(new EdgeChannel("hooks"));

        api.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                // built at init, after every module added its public paths
                routeConfiguration().interceptFrom("platform-http:*").process(new ApiAuth(access.api(),
                        surface.publicPaths()));
            }
        });
        api.addRoutes(new ApiRoutes(kernel.runtime()::health));
        api.addRoutes(new SessionRoutes(control));
        api.addRoutes(new AdminRoutes(control));
        api.addRoutes(new io.pigateway.api.ChannelRestartRoutes(channels::get));
        api.addRoutes(new io.pigateway.api.GatewayRestartRoutes(askedBy -> kernel.runtime().restarts()
                .schedule(askedBy, null)));
        if (config.hooks().enabled()) {
            surface.addPublicPaths(Set.of(HookRoutes.wakePath(config.hooks().path()))); // its own token
            api.addRoutes(new HookRoutes(control, config.hooks().path(), hooksToken, config.agent().id(),
                    access.limiter()));
        }
        var httpConfig = GatewayHttpServer.configuration(kernel.host(), kernel.port());
        api.bind("gateway-http-config", httpConfig); // the platform-http engine finds the port through it
        api.registerService(new GatewayHttpServer(httpConfig, router -> frontDoor(api, kernel, access, control,
                surface).accept(router)).withLimits(config.gateway().http()));
        api.registerService(new StartWarmUp(kernel.vertx(), kernel.host(), kernel.port(), kernel.token()::value,
                config.gateway().http().warmUpRounds(), () -> mainPoolReady(kernel)));
    }

    private static FrontDoor frontDoor(GatewayPluginApi api, GatewayKernel kernel, GatewayAccess access,
                                       ControlPlane control, HttpSurface surface) {
        GatewayConfig config = kernel.config();
        CamelContext camel = api.lookup(CamelContext.class).orElseThrow();
        ExecutorService workers = camel.getExecutorServiceManager().newThreadPool(control, "ws-methods", 2, 8);
        WsMethods methods = new WsMethods(control, workers, config.agent().id()).withPluginMethods(
                api.lookup(PluginSurface.Methods.class).map(PluginSurface.Methods::byName).orElse(java.util.Map.of()));
        api.lookup(CronService.class).ifPresent(cron -> methods.withCron(CronWsMethods.of(cron),
                listener -> cron.onRun(listener::accept)));
        return new FrontDoor(access, control, methods, surface.publicPaths(), config.gateway().allowedOrigins(),
                () -> kernel.configState().current().config().agent().turnTimeoutMs()).withPage(surface.page()).withHandlers(surface.handlers())
                .withErrorShapes(surface.errorShapes())
                .withTokenHint(TokenNotice.hint(config))
                .withHosts(RequestGuard.HostAllowlist.of(config))
                .withWsPing(Duration.ofSeconds(config.gateway().http().wsPingSeconds()));
    }

    /** {@code hooks.token}, else the stored one, else a new one (its file is named once, never the secret). */
    private static GatewayToken hooksToken(GatewayKernel kernel) {
        GatewayToken token = GatewayToken.resolveHooks(kernel.config().hooks().token(), kernel.dataDir());
        if (token.generated()) {
            kernel.out().println("hooks token generated (hooks.token is not set); it is in " + token.file());
        }
        return token;
    }

    /** Whether the main pool has a process that started (or there is no pool to wait for). */
    private static boolean mainPoolReady(GatewayKernel kernel) {
        io.pigateway.rpc.PiRpcComponent pi = kernel.runtime().pi();
        io.pigateway.rpc.PiPool pool = pi != null ? pi.getPool(io.pigateway.pipeline.AgentPools.MAIN) : null;
        if (pool == null) {
            return true;
        }
        io.pigateway.rpc.PoolStats stats = pool.stats();
        return stats.idle() + stats.busy() > 0 || pool.settings().min() == 0;
    }

    private static void requirePassword(AuthConfig auth) {
        if ("password".equals(auth.mode()) && (auth.password() == null || auth.password().isBlank())) {
            throw new IllegalStateException("auth mode \"password\" needs a password (gateway.auth.password or "
                    + "channels.webchat.auth.password)");
        }
    }

    /** {@code channels.webchat.auth} when set, else {@code gateway.auth}. */
    static AuthConfig webAuth(GatewayConfig config) {
        AuthConfig own = config.channels().webchat().auth();
        return own != null ? own : config.gateway().auth();
    }
}
