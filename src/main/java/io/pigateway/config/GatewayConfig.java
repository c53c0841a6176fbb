package io.pigateway.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The whole effective configuration, immutable. Every section has defaults, so an empty
 * file (or no file) yields a working loopback gateway with token auth and WebChat on.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GatewayConfig(
        GatewaySection gateway,
        AgentConfig agent,
        RolesConfig roles,
        ChannelsConfig channels,
        CronConfig cron,
        List<String> plugins,
        HooksConfig hooks,
        SecurityConfig security,
        MetricsConfig metrics,
        LoggingConfig logging,
        StoreConfig store,
        ClusterConfig cluster) {

    public GatewayConfig {
        gateway = gateway != null ? gateway : GatewaySection.defaults();
        agent = agent != null ? agent : AgentConfig.defaults();
        roles = roles != null ? roles : RolesConfig.defaults();
        channels = channels != null ? channels : ChannelsConfig.defaults();
        cron = cron != null ? cron : CronConfig.defaults();
        plugins = plugins != null ? List.copyOf(plugins) : List.of();
        hooks = hooks != null ? hooks : HooksConfig.defaults();
        security = security != null ? security : SecurityConfig.defaults();
        metrics = metrics != null ? metrics : MetricsConfig.defaults();
        logging = logging != null ? logging : LoggingConfig.defaults();
        store = store != null ? store : StoreConfig.defaults();
        cluster = cluster != null ? cluster : ClusterConfig.defaults();
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** `metrics` section: {@code GET /metrics} (Prometheus) needs the gateway token unless {@code public}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MetricsConfig(@com.fasterxml.jackson.annotation.JsonProperty("public") Boolean open) {
        public MetricsConfig {
            open = open != null ? open : Boolean.FALSE;
        }

        public static MetricsConfig defaults() {
            return new MetricsConfig(null);
        }
    }

    /** `logging` section: {@code format} text (one line per event) or json (one JSON object per line). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LoggingConfig(String format) {
        public LoggingConfig {
            format = format != null ? format : "text";
        }

        public static LoggingConfig defaults() {
            return new LoggingConfig(null);
        }
    }

    /** `gateway` section: listener, auth and where durable state lives. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GatewaySection(
            Integer port,
            String bind,
            String host,
            AuthConfig auth,
            String dataDir,
            List<String> allowedOrigins,
            String routesDir,
            String publicUrl,
            List<String> allowedHosts,
            List<String> trustedProxies,
            HttpLimits http,
            Boolean routesReload,
            String libDir,
            String camelProperties,
            Boolean watchConfig,
            Long drainTimeoutMs) {

        public static final int DEFAULT_PORT = 52134;
        /** How long a restart or stop lets turns in flight finish: under systemd's 90 s stop timeout. */
        public static final long DEFAULT_DRAIN_TIMEOUT_MS = 60_000;

        public GatewaySection {
            port = port != null ? port : DEFAULT_PORT;
            bind = bind != null ? bind : "loopback";
            auth = auth != null ? auth : AuthConfig.defaults();
            dataDir = dataDir != null ? dataDir : "~/.pi/gateway";
            allowedOrigins = allowedOrigins != null ? List.copyOf(allowedOrigins) : List.of();
            routesDir = routesDir != null ? routesDir : "routes";
            allowedHosts = allowedHosts != null ? List.copyOf(allowedHosts) : List.of();
            trustedProxies = trustedProxies != null ? List.copyOf(trustedProxies) : List.of();
            http = http != null ? http : HttpLimits.defaults();
            routesReload = routesReload != null ? routesReload : Boolean.FALSE;
            libDir = libDir != null ? libDir : "plugins";
            camelProperties = camelProperties != null ? camelProperties : "config/application.properties";
            watchConfig = watchConfig != null ? watchConfig : Boolean.TRUE;
            drainTimeoutMs = drainTimeoutMs != null ? drainTimeoutMs : DEFAULT_DRAIN_TIMEOUT_MS;
        }

        public static GatewaySection defaults() {
            return new GatewaySection(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null);
        }
    }

    /**
     * Transport limits ({@code gateway.http}): a connection with no traffic for
     * {@code idleTimeoutSeconds} is closed, a request head must arrive within {@code headerTimeoutMs},
     * one client address (IPv6: its /64) holds at most {@code maxConnectionsPerClient} connections,
     * and every WebSocket is pinged each {@code wsPingSeconds} and closed when a ping goes unanswered.
     * {@code warmUpRounds} requests of the start warm-up (0: none) compile the request path early.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HttpLimits(Integer idleTimeoutSeconds, Long headerTimeoutMs, Integer maxConnectionsPerClient,
                             Integer wsPingSeconds, Integer warmUpRounds) {
        public HttpLimits {
            idleTimeoutSeconds = idleTimeoutSeconds != null ? idleTimeoutSeconds : 120;
            headerTimeoutMs = headerTimeoutMs != null ? headerTimeoutMs : 10_000L;
            maxConnectionsPerClient = maxConnectionsPerClient != null ? maxConnectionsPerClient : 64;
            wsPingSeconds = wsPingSeconds != null ? wsPingSeconds : 30;
            warmUpRounds = warmUpRounds != null ? warmUpRounds : 200;
        }

        public HttpLimits(Integer idleTimeoutSeconds, Long headerTimeoutMs, Integer maxConnectionsPerClient,
                          Integer wsPingSeconds) {
            this(idleTimeoutSeconds, headerTimeoutMs, maxConnectionsPerClient, wsPingSeconds, null);
        }

        public static HttpLimits defaults() {
            return new HttpLimits(null, null, null, null, null);
        }
    }

    /** Auth for the gateway API and WebChat: `off | token | password`. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuthConfig(String mode, String token, String password) {
        public AuthConfig {
            mode = mode != null ? mode : "token";
        }

        public static AuthConfig defaults() {
            return new AuthConfig(null, null, null);
        }
    }

    /** `hooks` section: the inbound webhook trigger (`{path}/wake`). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HooksConfig(Boolean enabled, String token, String path) {
        public HooksConfig {
            enabled = enabled != null ? enabled : Boolean.FALSE;
            path = path != null ? path : "/hooks";
        }

        public static HooksConfig defaults() {
            return new HooksConfig(null, null, null);
        }
    }

    /** `security` section. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SecurityConfig(SsrfGuardConfig ssrfGuard) {
        public SecurityConfig {
            ssrfGuard = ssrfGuard != null ? ssrfGuard : SsrfGuardConfig.defaults();
        }

        public static SecurityConfig defaults() {
            return new SecurityConfig(null);
        }
    }

    /** Guard for every URL the gateway fetches on the agent's behalf. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SsrfGuardConfig(Boolean enabled, Boolean blockPrivateIPs, Boolean blockLocalhost,
                                  List<String> allowedHosts) {
        public SsrfGuardConfig {
            enabled = enabled != null ? enabled : Boolean.TRUE;
            blockPrivateIPs = blockPrivateIPs != null ? blockPrivateIPs : Boolean.TRUE;
            blockLocalhost = blockLocalhost != null ? blockLocalhost : Boolean.TRUE;
            allowedHosts = allowedHosts != null ? List.copyOf(allowedHosts) : List.of();
        }

        public static SsrfGuardConfig defaults() {
            return new SsrfGuardConfig(null, null, null, null);
        }
    }
}
