package io.pigateway.cli;

import io.pigateway.config.ConfigPaths;
import io.pigateway.config.GatewayConfig;
import io.pigateway.security.GatewayToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A {@code POST} to the running gateway's HTTP API with the gateway token, as the CLI makes it:
 * to {@code --url}, else {@code http://127.0.0.1:<gateway.port>}. A gateway that is not running
 * shows as {@link java.net.ConnectException}.
 */
final class GatewayApiCall {
    private GatewayApiCall() {
    }

    static String baseUrl(GatewayConfig config, String url) {
        return url != null ? url : "http://127.0.0.1:" + config.gateway().port();
    }

    static HttpResponse<String> post(String base, String token, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The gateway token as the running gateway has it: the config's, else the stored one. */
    static GatewayToken token(GatewayConfig config) {
        return GatewayToken.resolve(config.gateway().auth().token(), ConfigPaths.dataDir(config));
    }
}
