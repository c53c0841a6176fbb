package io.pigateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/chat} holds no thread while the agent works: with more waiting chats than
 * Vert.x has worker threads (20), the rest of the API still answers, and every chat gets its
 * own answer once the model replies.
 */
class ChatApiConcurrencyTest {
    private static final int CHATS = 30;

    @TempDir
    Path dir;

    @Test
    void waitingChatsHoldNoThreadAndAllGetTheirOwnAnswer() throws Exception {
        CountDownLatch modelMayAnswer = new CountDownLatch(1);
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, null)) {
            llm.setResponder(request -> {
                try {
                    modelMayAnswer.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FakeLlmServer.defaultReply(request);
            });
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> chats = new ArrayList<>();
            for (int i = 0; i < CHATS; i++) {
                chats.add(http.sendAsync(HttpRequest.newBuilder(URI.create(gw.url("/api/chat")))
                        .header("Authorization", "Bearer " + TestGateway.TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"chat " + i
                                + "\",\"sessionKey\":\"agent:main:api:dm:c" + i + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // pi starting and its first model call take seconds on a loaded machine
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> llm.requestCount() == 1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> gw.runtime().service().isBusy("agent:main:api:dm:c" + (CHATS - 1)));
            assertThat(chats).noneMatch(CompletableFuture::isDone);

            // 30 chats wait; the platform-http routes (on the worker pool) still answer at once
            HttpResponse<String> sessions = http.send(HttpRequest.newBuilder(URI.create(gw.url("/api/sessions")))
                    .header("Authorization", "Bearer " + TestGateway.TOKEN).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sessions.statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(gw.url("/health"))).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            modelMayAnswer.countDown();
            for (int i = 0; i < CHATS; i++) {
                HttpResponse<String> answer = chats.get(i).get(60, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("\"reply\":\"echo: chat " + i + "\"");
            }
        }
    }
}
