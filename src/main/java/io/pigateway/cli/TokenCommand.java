package io.pigateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.config.ConfigPaths;
import io.pigateway.config.GatewayConfig;
import io.pigateway.security.GatewayToken;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pi-gw token rotate [--hooks] [--grace 10m]}: a new gateway token (or {@code hooks.token}).
 * A running gateway is asked ({@code POST /api/auth/rotate}): it accepts the new token at once and
 * the old one for the grace period. With no gateway running, the stored token file is replaced.
 * The new token is printed once, on stdout only.
 */
@Command(name = "token", description = "Manage the gateway token and the hooks token.",
        subcommands = TokenCommand.Rotate.class)
public final class TokenCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: pi-gw token rotate [--hooks] [--grace 10m]");
    }

    @Command(name = "rotate", description = "Write a new gateway token (or hooks token); the old one works for --grace more.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Option(names = "--grace", defaultValue = "10m", description = "How long the old token keeps working: 30s, 10m, 1h, 0.")
        String grace;

        @Option(names = "--hooks", description = "Rotate hooks.token (POST {hooks.path}/wake) instead of the gateway token.")
        boolean hooks;

        @Option(names = "--url", description = "Gateway base URL (default http://127.0.0.1:<gateway.port>).")
        String url;

        @Override
        public Integer call() throws Exception {
            GatewayConfig config = configOption.load().config();
            long graceMs = parseDuration(grace);
            String which = hooks ? "hooks" : "gateway";
            GatewayToken gatewayToken = GatewayApiCall.token(config);
            GatewayToken token = hooks ? GatewayToken.resolveHooks(config.hooks().token(), ConfigPaths.dataDir(config))
                    : gatewayToken;
            if (!token.rotatable()) {
                System.err.println("pi-gw token rotate: the token is set in the config ("
                        + (hooks ? "hooks.token" : "gateway.auth.token") + "); change it there and restart");
                return 1;
            }
            String base = GatewayApiCall.baseUrl(config, url);
            try {
                HttpResponse<String> response = GatewayApiCall.send(GatewayApiCall.request(base, gatewayToken.value(),
                        "POST", "/api/auth/rotate", "{\"graceMs\":" + graceMs + ",\"which\":\"" + which + "\"}"));
                if (response.statusCode() != 200) {
                    System.err.println("pi-gw token rotate: HTTP " + response.statusCode() + ": " + response.body());
                    return 1;
                }
                JsonNode answer = new ObjectMapper().readTree(response.body());
                System.out.println(answer.path("token").asText());
                System.err.println("the running gateway accepts the new " + which + " token now; the old one until "
                        + answer.path("previousValidUntil").asText());
            } catch (java.net.ConnectException e) {
                System.out.println(token.rotate(0)); // nothing runs: only the stored file changes
                System.err.println("no gateway answers at " + base + "; the stored " + which + " token was replaced");
            }
            return 0;
        }
    }

    /** {@code 30s}, {@code 10m}, {@code 1h}, {@code 500ms} or plain milliseconds. */
    static long parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("ms")) {
            return Long.parseLong(t.substring(0, t.length() - 2));
        }
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            default -> 0L;
        };
        return unit == 0 ? Long.parseLong(t) : Long.parseLong(t.substring(0, t.length() - 1)) * unit;
    }
}
