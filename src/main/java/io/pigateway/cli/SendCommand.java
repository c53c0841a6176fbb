package io.pigateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.config.ConfigPaths;
import io.pigateway.config.GatewayConfig;
import io.pigateway.security.GatewayToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pi-gw send}: deliver a message through the running gateway's {@code /api/send}. */
@Command(name = "send", description = "Send a message to a chat through the running gateway.")
public final class SendCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--to", required = true, paramLabel = "ADDRESS",
            description = "channel:[account:]chatId[:topic:N], e.g. telegram:123 or telegram:default:123:topic:456")
    String to;

    @Option(names = {"--message", "-m"}, required = true, description = "The text to send.")
    String message;

    @Option(names = "--url", description = "Gateway base URL (default http://127.0.0.1:<gateway.port>).")
    String url;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = configOption.load().config();
        String base = url != null ? url : "http://127.0.0.1:" + config.gateway().port();
        String token = GatewayToken.resolve(config.gateway().auth().token(), ConfigPaths.dataDir(config)).value();
        String body = new ObjectMapper().writeValueAsString(Map.of("to", to, "message", message));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/send"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                System.out.println("sent to " + to);
                return 0;
            }
            System.err.println("pi-gw send: HTTP " + response.statusCode() + ": " + response.body());
            return 1;
        } catch (java.net.ConnectException e) {
            System.err.println("pi-gw send: no gateway answers at " + base + " (start it with: pi-gw gateway)");
            return 1;
        }
    }
}
