package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User YAML routes run inside the gateway: a hook route rewrites messages (off the event loop), a platform-http route
 * is served on the gateway port behind the same token; and a full lane answers 429.
 */
class UserRoutesTest {
    @TempDir
    Path dir;

    @Test
    void yamlHookRewritesYamlHttpRouteIsProtectedAndFullLaneSaysBusy() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("custom.yaml"), """
                - route:
                    id: user-rewrite
                    from:
                      uri: direct:hook-message_received
                      steps:
                        - setBody:
                            simple: '{"text":"rewritten: ${body[text]} [${threadName}]"}'
                - route:
                    id: user-ping
                    from:
                      uri: platform-http:/api/custom/ping
                      steps:
                        - setBody:
                            constant: pong
                """);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1,
                     "\"routesDir\": \"" + routes + "\",",
                     "\"queue\": { \"mode\": \"followup\", \"maxPerSession\": 1 },", "")) {
            assertThat(gw.get("/api/custom/ping", false).statusCode()).isEqualTo(401);
            HttpResponse<String> ping = gw.get("/api/custom/ping", true);
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("pong");

            // a hook route is user code that may block: it runs on a worker, never on the event loop
            String reply = gw.chat("hi", null).path("reply").asText();
            assertThat(reply).startsWith("echo: rewritten: hi [").doesNotContain("eventloop");

            // one turn running (slow LLM), one queued (maxPerSession 1): the third is refused with 429
            llm.setResponder(req -> FakeLlmServer.defaultReply(req).delayed(1500));
            String key = "agent:main:api:dm:busy";
            CompletableFuture<HttpResponse<String>> first = postAsync(gw, "one", key);
            org.awaitility.Awaitility.await().until(() -> gw.runtime().service().isBusy(key));
            CompletableFuture<HttpResponse<String>> second = postAsync(gw, "two", key);
            org.awaitility.Awaitility.await().until(() -> gw.runtime().service().lanes().queuedCount(key) == 1);
            HttpResponse<String> third = gw.post("/api/chat", "{\"message\":\"three\",\"sessionKey\":\"" + key + "\"}");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.body()).contains("\"code\":\"busy\"");
            assertThat(first.get().body()).contains("echo: rewritten: one");
            assertThat(second.get().body()).contains("echo: rewritten: two");
        }
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(TestGateway gw, String text, String key) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gw.url("/api/chat")))
                .header("Authorization", "Bearer " + TestGateway.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"message\":\"" + text + "\",\"sessionKey\":\"" + key + "\"}")).build();
        return java.net.http.HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
