package io.pigateway.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/**
 * The webhook endpoint on platform-http alone: one route for every account, the secret looked up
 * per request (a change applies at once), status codes, handler failures.
 */
class TelegramWebhookTest {

    @Test
    void answers404ForNoWebhook401WithoutTheSecretAnd200Or500Otherwise() throws Exception {
        int port = TestGateway.freePort();
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        Map<String, String> secrets = new ConcurrentHashMap<>(Map.of("work", "s3cret"));
        Main main = new Main();
        main.configure().setJmxEnabled(false);
        main.configure().httpServer().setEnabled(true);
        main.configure().httpServer().setHost("127.0.0.1");
        main.configure().httpServer().setPort(port);
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/telegram/{account}?httpMethodRestrict=POST")
                        .process(new TelegramWebhook(secrets::get, (account, update) -> {
                            if (update.has("boom")) {
                                throw new IllegalStateException("store down");
                            }
                            received.add(((ObjectNode) update).deepCopy().put("account", account));
                        }));
            }
        });
        main.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + port + "/telegram/work";
            assertThat(post(http, url, "{\"update_id\":1}", null).statusCode()).isEqualTo(401);
            assertThat(post(http, url, "{\"update_id\":1}", "nope").statusCode()).isEqualTo(401);
            assertThat(received).isEmpty();
            HttpResponse<String> ok = post(http, url, "{\"update_id\":2}", "s3cret");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-Telegram-Bot-Api-Secret-Token")).isEmpty();
            assertThat(received).singleElement().satisfies(u -> {
                assertThat(u.path("update_id").asInt()).isEqualTo(2);
                assertThat(u.path("account").asText()).isEqualTo("work");
            });
            assertThat(post(http, url, "{\"boom\":true}", "s3cret").statusCode()).isEqualTo(500);
            String other = "http://127.0.0.1:" + port + "/telegram/other";
            assertThat(post(http, other, "{\"update_id\":3}", "s3cret").statusCode()).as("not a webhook account")
                    .isEqualTo(404);
            secrets.put("work", "rotated");
            assertThat(post(http, url, "{\"update_id\":4}", "s3cret").statusCode()).isEqualTo(401);
            assertThat(post(http, url, "{\"update_id\":5}", "rotated").statusCode()).isEqualTo(200);
        } finally {
            main.stop();
        }
    }

    static HttpResponse<String> post(HttpClient http, String url, String body, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
