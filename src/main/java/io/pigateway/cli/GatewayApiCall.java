package io.pigateway.cli;

import io.pigateway.config.ConfigPaths;
import io.pigateway.config.GatewayConfig;
import io.pigateway.security.GatewayToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A call to the running gateway's HTTP API with the gateway token, as the CLI makes it: to
 * {@code --url}, else {@code http://127.0.0.1:<gateway.port>}. A gateway that is not running shows
 * as {@link java.net.ConnectException}.
 */
final class GatewayApiCall {
    private GatewayApiCall() {
    }

    /** How a command shows a successful (2xx) answer's body. */
    @FunctionalInterface
    interface Render {
        String apply(String body) throws IOException;
    }

    static String baseUrl(GatewayConfig config, String url) {
        return url != null ? url : "http://127.0.0.1:" + config.gateway().port();
    }

    /** The gateway token as the running gateway has it: the config's, else the stored one. */
    static GatewayToken token(GatewayConfig config) {
        return GatewayToken.resolve(config.gateway().auth().token(), ConfigPaths.dataDir(config));
    }

    /** A JSON request; {@code body} null sends none. */
    static HttpRequest request(String base, String token, String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body != null ? HttpRequest.BodyPublishers.ofString(body)
                        : HttpRequest.BodyPublishers.noBody()).build();
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends the request and prints a 2xx answer through {@code render} on {@code out}, anything else
     * (and no gateway answering) as one line on {@code err}, named after {@code command}. Returns the
     * exit code.
     */
    static int print(HttpRequest request, String command, String base, PrintWriter out, PrintWriter err, Render render)
            throws IOException, InterruptedException {
        try {
            HttpResponse<String> response = send(request);
            if (response.statusCode() / 100 == 2) {
                out.println(render.apply(response.body()));
                out.flush();
                return 0;
            }
            err.println(command + ": HTTP " + response.statusCode() + ": " + response.body());
            err.flush();
            return 1;
        } catch (java.net.ConnectException e) {
            err.println(command + ": no gateway answers at " + base + " (start it with: pi-gw gateway)");
            err.flush();
            return 1;
        }
    }
}
