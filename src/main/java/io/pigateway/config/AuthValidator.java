package io.pigateway.config;

import io.pigateway.config.ChannelsConfig.TelegramConfig;
import io.pigateway.config.GatewayConfig.AuthConfig;
import io.pigateway.config.GatewayConfig.GatewaySection;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Who can reach the gateway without a credential, and whether its secrets can be guessed: no
 * unauthenticated surface beyond loopback, and every configured secret long enough that the
 * attempt limiter is not the only thing standing between a guesser and the agent.
 */
final class AuthValidator {
    static final int MIN_SECRET = 32;
    static final int MIN_PASSWORD = 12;
    private static final String GENERATE = "generate one with: openssl rand -hex 32";

    private AuthValidator() {
    }

    static void validate(GatewayConfig config, List<String> errors) {
        GatewaySection gateway = config.gateway();
        AuthConfig webAuth = config.channels().webchat().auth();
        if (!listensOnLoopbackOnly(gateway)) {
            String where = "gateway.bind is \"" + gateway.bind() + "\"" + (gateway.host() != null
                    ? " (gateway.host " + gateway.host() + ")" : "");
            if ("off".equals(gateway.auth().mode())) {
                errors.add("gateway.auth.mode: \"off\" is refused because " + where + ": anyone on the network could "
                        + "drive the agent. Set gateway.auth.mode to \"token\" or \"password\", or gateway.bind to \"loopback\"");
            }
            if (webAuth != null && "off".equals(webAuth.mode()) && config.channels().webchat().enabled()) {
                errors.add("channels.webchat.auth.mode: \"off\" is refused because " + where + ": anyone on the network "
                        + "could open WebChat and drive the agent. Set channels.webchat.auth.mode to \"token\" or "
                        + "\"password\" (or remove channels.webchat.auth to use gateway.auth), or gateway.bind to \"loopback\"");
            }
        }
        for (int i = 0; i < gateway.trustedProxies().size(); i++) {
            try {
                new io.pigateway.security.ClientKeys(List.of(gateway.trustedProxies().get(i)));
            } catch (IllegalArgumentException e) {
                errors.add("gateway.trustedProxies[" + i + "]: " + e.getMessage() + "; use an IP address such as "
                        + "\"127.0.0.1\" or a block such as \"10.0.0.0/8\"");
            }
        }
        auth("gateway.auth", gateway.auth(), errors);
        if (webAuth != null) {
            auth("channels.webchat.auth", webAuth, errors);
        }
        if (config.hooks().enabled()) {
            secret("hooks.token", config.hooks().token(), errors);
        }
        TelegramConfig telegram = config.channels().telegram();
        if (telegram.enabled()) {
            secret("channels.telegram.webhookSecret", telegram.webhookSecret(), errors);
            telegram.accounts().forEach((name, account) ->
                    secret("channels.telegram.accounts." + name + ".webhookSecret", account.webhookSecret(), errors));
        }
    }

    private static void auth(String path, AuthConfig auth, List<String> errors) {
        if ("off".equals(auth.mode())) {
            return;
        }
        secret(path + ".token", auth.token(), errors);
        String password = auth.password();
        if ("password".equals(auth.mode()) && password != null && !password.isEmpty() && password.length() < MIN_PASSWORD) {
            errors.add(path + ".password: is " + password.length() + " characters; use at least " + MIN_PASSWORD
                    + " (or " + GENERATE + ")");
        }
    }

    /** Only a set value is checked (an unset gateway or hooks token is generated and stored in the data dir). */
    private static void secret(String path, String value, List<String> errors) {
        if (value != null && !value.isEmpty() && value.length() < MIN_SECRET) {
            errors.add(path + ": is " + value.length() + " characters; use at least " + MIN_SECRET + " random characters ("
                    + GENERATE + ")");
        }
    }

    /** Mirrors how the listener picks its address from gateway.bind / gateway.host, without DNS. */
    static boolean listensOnLoopbackOnly(GatewaySection gateway) {
        return switch (gateway.bind()) {
            case "lan" -> gateway.host() != null && isLoopback(gateway.host());
            case "auto" -> gateway.host() == null || isLoopback(gateway.host());
            default -> true;
        };
    }

    static boolean isLoopback(String host) {
        if ("localhost".equals(host.toLowerCase(Locale.ROOT))) {
            return true;
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
