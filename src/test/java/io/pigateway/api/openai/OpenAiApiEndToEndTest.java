package io.pigateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI-compatible API against the real routes, the real pi and the fake LLM: answers in
 * OpenAI's shapes (JSON, SSE chunks, usage, errors), sessions by {@code user} and header, the
 * system message for one turn, roles as models, busy as 429, and a closed stream aborting its turn.
 */
class OpenAiApiEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static FakeLlmServer llm;
    static PiTestRuntime pi;
    static TestGateway gw;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path skill = Files.createDirectories(dir.resolve("skills/mentor"));
        Files.writeString(skill.resolve("SKILL.md"), """
                ---
                name: mentor-coaching
                description: Coach the user like a patient mentor (role skill marker 5521).
                ---
                Ask one question at a time.
                """);
        llm = new FakeLlmServer();
        pi = PiTestRuntime.create(llm);
        gw = TestGateway.start(pi, dir.resolve("data"), 1, 2, "",
                "\"queue\": { \"mode\": \"followup\", \"maxPerSession\": 1 },",
                "\"roles\": { \"capabilities\": { \"mentor\": { \"skills\": [\"" + skill + "\"] } } }");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (pi != null) {
            pi.close();
        }
        if (llm != null) {
            llm.close();
        }
    }

    @AfterEach
    void resetLlm() {
        llm.setResponder(null);
    }

    @Test
    void answersOneCompletionWithUsage() throws Exception {
        HttpResponse<String> r = post("""
                {"model":"pi","messages":[{"role":"user","content":"hello there"}]}""", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("model").asText()).isEqualTo("pi");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("echo: hello there");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        // the fake LLM reports 10 prompt tokens and one completion token per chunk ("echo: hello there" = 3 chunks)
        assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(10);
        assertThat(body.path("usage").path("completion_tokens").asLong()).isEqualTo(3);
        assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(13);
        assertThat(r.headers().firstValue("X-Pi-Session-Key").orElseThrow()).startsWith("agent:main:openai:request:");
    }

    @Test
    void streamsChunksInOpenAiFormat() throws Exception {
        HttpResponse<String> r = post("""
                {"model":"pi","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"stream this please"}]}""", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<String> data = dataLines(r.body());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String d : data.subList(0, data.size() - 1)) {
            chunks.add(JSON.readTree(d));
        }
        chunks.forEach(c -> assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.stream().map(c -> c.path("id").asText()).distinct()).hasSize(1);
        assertThat(chunks.get(0).path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        chunks.stream().filter(c -> c.path("choices").size() > 0)
                .forEach(c -> text.append(c.path("choices").get(0).path("delta").path("content").asText("")));
        assertThat(text).hasToString("echo: stream this please");
        JsonNode last = chunks.get(chunks.size() - 2);
        assertThat(last.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("prompt_tokens").asLong()).isEqualTo(10);
    }

    @Test
    void finishReasonsFollowPisStopReason() throws Exception {
        llm.setResponder(request -> Reply.text("cut sho").finishing("length"));
        JsonNode cut = JSON.readTree(post("""
                {"model":"pi","messages":[{"role":"user","content":"a long story"}]}""", null).body());
        assertThat(cut.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(cut.path("choices").get(0).path("message").path("content").asText()).isEqualTo("cut sho");

        llm.setResponder(request -> Reply.text("").finishing("content_filter"));
        HttpResponse<String> filtered = post("""
                {"model":"pi","messages":[{"role":"user","content":"something filtered"}]}""", null);
        assertThat(filtered.statusCode()).isEqualTo(200);
        JsonNode choice = JSON.readTree(filtered.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(choice.path("message").path("content").asText()).isEmpty();

        List<String> streamed = dataLines(post("""
                {"model":"pi","stream":true,"messages":[{"role":"user","content":"filtered stream"}]}""", null).body());
        assertThat(streamed.get(streamed.size() - 1)).isEqualTo("[DONE]");
        assertThat(JSON.readTree(streamed.get(streamed.size() - 2)).path("choices").get(0).path("finish_reason")
                .asText()).isEqualTo("content_filter");
    }

    @Test
    void theUserFieldKeepsOneSessionAndTheSystemMessageCountsForOneTurn() throws Exception {
        String user = "alice-" + System.nanoTime();
        HttpResponse<String> first = post("""
                {"model":"pi","user":"%s","messages":[
                  {"role":"system","content":"Answer like a pirate (marker 4417)."},
                  {"role":"user","content":"my name is Alice"}]}""".formatted(user), null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Pi-Session-Key").orElseThrow())
                .isEqualTo("agent:main:openai:dm:" + user);
        String firstPrompt = FakeLlmServer.lastUserText(llm.requests().get(llm.requestCount() - 1));
        assertThat(firstPrompt).contains(PromptText.SYSTEM_START).contains("marker 4417").endsWith("my name is Alice");

        // the client re-sends the whole conversation; only the last user message is new to pi
        HttpResponse<String> second = post("""
                {"model":"pi","user":"%s","messages":[
                  {"role":"user","content":"my name is Alice"},
                  {"role":"assistant","content":"echo: my name is Alice"},
                  {"role":"user","content":"what is my name?"}]}""".formatted(user), null);
        assertThat(JSON.readTree(second.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("echo: what is my name?");
        JsonNode llmRequest = llm.requests().get(llm.requestCount() - 1);
        assertThat(FakeLlmServer.lastUserText(llmRequest)).isEqualTo("what is my name?");
        // pi's own history carries the first turn (its prompt still holds that turn's system text,
        // which pi has no other place for); the new turn carries none
        String all = FakeLlmServer.allText(llmRequest);
        assertThat(all).contains("my name is Alice");
        long userTurnsWithMarker = 0;
        for (JsonNode m : llmRequest.path("messages")) {
            if ("user".equals(m.path("role").asText()) && m.toString().contains("marker 4417")) {
                userTurnsWithMarker++;
            }
        }
        assertThat(userTurnsWithMarker).isEqualTo(1);
    }

    @Test
    void theSessionHeaderWinsOverUser() throws Exception {
        String key = "agent:main:openai:dm:header-" + System.nanoTime();
        HttpResponse<String> r = post("""
                {"model":"pi","user":"bob","messages":[{"role":"user","content":"hi"}]}""", key);
        assertThat(r.headers().firstValue("X-Pi-Session-Key").orElseThrow()).isEqualTo(key);
        assertThat(gw.get("/api/session/" + URLEncoder.encode(key, StandardCharsets.UTF_8), true)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void withoutASessionTheEarlierMessagesAreTheContext() throws Exception {
        post("""
                {"model":"pi","messages":[
                  {"role":"user","content":"the secret is 9931"},
                  {"role":"assistant","content":"noted"},
                  {"role":"user","content":"what is the secret?"}]}""", null);
        String prompt = FakeLlmServer.lastUserText(llm.requests().get(llm.requestCount() - 1));
        assertThat(prompt).contains(PromptText.HISTORY_START).contains("user: the secret is 9931")
                .contains("assistant: noted").endsWith("what is the secret?");
    }

    @Test
    void aRoleIsAModel() throws Exception {
        HttpResponse<String> models = gw.get("/v1/models", true);
        JsonNode list = JSON.readTree(models.body());
        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data").findValuesAsText("id")).containsExactly("pi", "pi:mentor");
        assertThat(list.path("data").get(0).path("x_pi_model").asText()).isEqualTo("fake/fake-echo");

        HttpResponse<String> r = post("""
                {"model":"pi:mentor","messages":[{"role":"user","content":"coach me"}]}""", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(FakeLlmServer.allText(llm.requests().get(llm.requestCount() - 1))).contains("5521");
    }

    @Test
    void refusalsAreOpenAiErrorObjects() throws Exception {
        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(gw.url("/v1/models"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(noKey.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();

        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(gw.url("/v1/chat/completions")))
                .header("Authorization", "Bearer sk-not-the-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");

        assertBadRequest("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model");
        assertBadRequest("{\"model\":\"pi\",\"messages\":[]}", "messages");
        assertBadRequest("{\"model\":\"pi\",\"messages\":[{\"role\":\"assistant\",\"content\":\"x\"}]}", "messages");
        assertBadRequest("{\"model\":\"pi\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "stream");
        assertBadRequest("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model");
        assertBadRequest("not json", null);

        HttpResponse<String> unknown = gw.get("/v1/nothing-here", true);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        // the gateway's own API keeps its own shape
        assertThat(JSON.readTree(gw.get("/api/sessions", false).body()).path("error").path("code").asText())
                .isEqualTo("unauthorized");
    }

    @Test
    void aFullSessionAnswers429WithRetryAfter() throws Exception {
        llm.setResponder(request -> Reply.text("slow " + FakeLlmServer.lastUserText(request)).delayed(1_500));
        String body = "{\"model\":\"pi\",\"user\":\"busy-" + System.nanoTime()
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";
        CompletableFuture<HttpResponse<String>> running = postAsync(body.formatted("one"));
        await().atMost(Duration.ofSeconds(20)).until(() -> llm.requests().stream()
                .anyMatch(r -> FakeLlmServer.lastUserText(r).equals("one")));
        CompletableFuture<HttpResponse<String>> queued = postAsync(body.formatted("two"));
        Thread.sleep(300); // "two" is queued behind "one" (maxPerSession 1)
        HttpResponse<String> refused = post(body.formatted("three"), null);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(refused.body()).path("error").path("code").asText()).isEqualTo("session_busy");
        assertThat(running.get().statusCode()).isEqualTo(200);
        assertThat(queued.get().statusCode()).isEqualTo(200);
    }

    @Test
    void closingTheStreamAbortsTheTurn() throws Exception {
        llm.setResponder(request -> Reply.chunked("x".repeat(400), 2).chunkDelay(50)); // 10 s unless aborted
        String key = "agent:main:openai:dm:leaver-" + System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gw.url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + TestGateway.TOKEN).header("Content-Type", "application/json")
                .header("X-Pi-Session-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"pi\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"long\"}]}"))
                .build();
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        int contentChunks = 0;
        for (String line; contentChunks < 3 && (line = lines.readLine()) != null; ) {
            if (line.contains("\"content\":\"x")) {
                contentChunks++;
            }
        }
        assertThat(gw.runtime().service().isBusy(key)).isTrue();
        r.body().close(); // the client goes away mid-stream
        await().atMost(Duration.ofSeconds(5)).until(() -> !gw.runtime().service().isBusy(key));
    }

    private void assertBadRequest(String body, String param) throws Exception {
        HttpResponse<String> r = post(body, null);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        if (param != null) {
            assertThat(error.path("param").asText()).as(body).isEqualTo(param);
        }
    }

    private HttpResponse<String> post(String body, String sessionKey) throws Exception {
        return http.send(request(body, sessionKey), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return http.sendAsync(request(body, null), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String body, String sessionKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TestGateway.TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionKey != null) {
            b.header("X-Pi-Session-Key", sessionKey);
        }
        return b.build();
    }

    /** The {@code data:} payloads of an SSE body, in order. */
    static List<String> dataLines(String sse) {
        List<String> data = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring("data: ".length()));
            }
        }
        return data;
    }
}
