package io.pigateway.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/** The webhook endpoint on platform-http alone: secret check, status codes, handler failures. */
class TelegramWebhookTest {

    @Test
    void answers401WithoutTheSecretAnd200Or500Otherwise() throws Exception {
        int port = TestGateway.freePort();
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        Main main = new Main();
        main.configure().setJmxEnabled(false);
        main.configure().httpServer().setEnabled(true);
        main.configure().httpServer().setHost("127.0.0.1");
        main.configure().httpServer().setPort(port);
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/telegram/work?httpMethodRestrict=POST")
                        .process(new TelegramWebhook("work", "s3cret", (account, update) -> {
                            if (update.has("boom")) {
                                throw new IllegalStateException("store down");
                            }
                            received.add(update);
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
            assertThat(received).singleElement().satisfies(u -> assertThat(u.path("update_id").asInt()).isEqualTo(2));
            assertThat(post(http, url, "{\"boom\":true}", "s3cret").statusCode()).isEqualTo(500);
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
