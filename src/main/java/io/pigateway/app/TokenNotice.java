package io.pigateway.app;

import io.pigateway.config.ConfigPaths;
import io.pigateway.config.GatewayConfig;
import io.pigateway.security.GatewayToken;
import java.io.PrintStream;

/**
 * Where the operator finds the gateway token, said on every start (the README's first question)
 * and on the sign-in page; a freshly generated token is shown once.
 */
final class TokenNotice {
    private TokenNotice() {
    }

    static void announce(GatewayConfig config, GatewayToken token, PrintStream out) {
        if ("token".equals(config.gateway().auth().mode()) && token.generated()) {
            out.println("Generated a gateway token (shown once; stored in "
                    + ConfigPaths.dataDir(config).resolve("gateway-token") + "):");
            out.println("  " + token.value());
        } else if (hint(config) != null) {
            out.println("Gateway token: " + hint(config));
        }
    }

    /** Where the token is, as an operator would look for it ({@code ~} for home); null without token auth. */
    static String hint(GatewayConfig config) {
        if (!"token".equals(config.gateway().auth().mode()) && !"token".equals(ApiModule.webAuth(config).mode())) {
            return null;
        }
        if (config.gateway().auth().token() != null && !config.gateway().auth().token().isBlank()) {
            return "gateway.auth.token in the gateway's config file";
        }
        return "in " + ConfigPaths.tildeForm(ConfigPaths.dataDir(config).resolve("gateway-token"));
    }
}
