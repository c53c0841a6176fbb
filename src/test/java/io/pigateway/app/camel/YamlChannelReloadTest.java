package io.pigateway.app.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeLlmServer.Reply;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A YAML channel's settings ({@code channels.<name>}) reloaded in a running gateway with the shipped
 * file channel: a sender added to its allowlist is answered, and {@code streamingMode: block} sends
 * the next answer paragraph by paragraph (two messages sent to {@code direct:outbound-filechan}).
 */
class YamlChannelReloadTest {
    private static final String STREAMED = "First paragraph.\n\nSecond paragraph.";

    @TempDir
    Path dir;

    @Test
    void aNewAllowlistAndStreamingModeApplyToTheNextMessage() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.copy(ExampleRoutesTest.EXAMPLES.resolve("file-channel.camel.yaml"), routes.resolve("file-channel.camel.yaml"));
        Path filechan = dir.resolve("filechan");
        Files.createDirectories(filechan.resolve("inbox"));
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, "filechan.dir = " + filechan + "\n");
        Path file = dir.resolve("pi-gateway.jsonc");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, "\"watchConfig\": false, \"routesDir\": \""
                     + routes + "\", \"camelProperties\": \"" + properties + "\",", "", channels("[\"chat1\"]", ""), file)) {
            llm.setResponder(request -> FakeLlmServer.lastUserText(request).contains("STREAM")
                    ? Reply.chunked(STREAMED, 6).chunkDelay(60) : FakeLlmServer.defaultReply(request));
            NotifyBuilder once = new NotifyBuilder(gw.runtime().camel()).wereSentTo("direct:outbound-filechan")
                    .whenExactlyDone(1).create();
            Files.writeString(filechan.resolve("inbox/chat2.txt"), "stranger before");
            Files.writeString(filechan.resolve("inbox/chat1.txt"), "STREAM before");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(filechan.resolve("outbox/chat1.txt")));
            assertThat(once.matches(10, TimeUnit.SECONDS)).as("streamingMode off: one message").isTrue();
            assertThat(filechan.resolve("outbox/chat2.txt")).as("chat2 is not on the allowlist").doesNotExist();
            assertThat(llm.requests()).noneMatch(r -> FakeLlmServer.allText(r).contains("stranger before"));

            String answer = gw.reload(file, TestGateway.channels(channels("[\"chat1\", \"chat2\"]",
                    ", \"streamingMode\": \"block\"")));
            NotifyBuilder twice = new NotifyBuilder(gw.runtime().camel()).wereSentTo("direct:outbound-filechan")
                    .whenExactlyDone(2).create();
            Files.writeString(filechan.resolve("inbox/chat2.txt"), "STREAM after");

            assertThat(answer).contains("channels.filechan.allowlist", "channels.filechan.streamingMode");
            assertThat(twice.matches(60, TimeUnit.SECONDS)).as("block: one message per paragraph").isTrue();
            assertThat(Files.readString(filechan.resolve("outbox/chat2.txt")))
                    .isEqualTo("First paragraph.\n\nSecond paragraph.\n\n");
        }
    }

    private static String channels(String allowlist, String more) {
        return "\"channels\": { \"filechan\": { \"dmPolicy\": \"allowlist\", \"allowlist\": " + allowlist + more + " } }";
    }
}
