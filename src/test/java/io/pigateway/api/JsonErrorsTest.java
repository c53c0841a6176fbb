package io.pigateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unknown paths and wrong methods get JSON errors with a sentence, not the server's HTML page. */
class JsonErrorsTest {
    static FakeLlmServer llm;
    static PiTestRuntime pi;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        llm = new FakeLlmServer();
        pi = PiTestRuntime.create(llm);
        gw = TestGateway.start(pi, Files.createTempDirectory("jsonerr"), 0, 1, "");
    }

    @AfterAll
    static void stop() {
        gw.close();
        pi.close();
        llm.close();
    }

    private static void assertJsonError(HttpResponse<String> response, int status, String sentence) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(response.body()).contains("\"error\"", sentence).doesNotContain("<html", "<body");
    }

    @Test
    void unknownPathsAre404Json() {
        assertJsonError(gw.get("/api/no-such-endpoint", true), 404, "no such endpoint");
        assertJsonError(gw.get("/no-such-page", true), 404, "no such endpoint");
    }

    @Test
    void wrongMethodsAre405Json() {
        assertJsonError(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/send")))
                .header("Authorization", "Bearer " + TestGateway.TOKEN).GET()), 405, "not allowed");
    }
}
