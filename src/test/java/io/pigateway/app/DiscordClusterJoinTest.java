package io.pigateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.pipeline.InboundJournal;
import io.pigateway.pipeline.InboundMessageJson;
import io.pigateway.store.PostgresStateStore;
import io.pigateway.store.PostgresTarget;
import io.pigateway.testing.FakeDiscordServer;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import io.pigateway.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway joining a cluster (store.kind postgres) finds a Discord message in the shared inbound
 * journal that another instance took in and may be answering right now: it leaves it alone (no
 * re-run, no "interrupted" marker), while its own Discord connection answers new messages. A
 * standalone gateway settles such entries at start instead ({@code DiscordCrashRestartTest}).
 */
class DiscordClusterJoinTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "cluster-token";
    private static final String ELSEWHERE = "2051";
    private static final String HERE = "2052";

    @TempDir
    Path dir;

    @Test
    void aJoiningInstanceLeavesDiscordMessagesInFlightElsewhereAlone() throws Exception {
        PostgresTarget db = TestPostgres.shared().freshDatabase("discordjoin", 4);
        String elsewhereDm = FakeDiscordServer.dmChannel(ELSEWHERE);
        String key = InboundJournal.key("discord", "default", "900001");
        try (PostgresStateStore store = PostgresStateStore.open(db); FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeDiscordServer discord = new FakeDiscordServer(TOKEN);
             TestGateway gw = TestGateway.start(pi, dir.resolve("a"), 0, 1, config(discord, db, store))) {
            await().atMost(WAIT).until(() -> discord.gateway(TOKEN).connected());
            discord.sendDm(HERE, "hello from here");
            await().atMost(WAIT).untilAsserted(() -> assertThat(discord.textsIn(FakeDiscordServer.dmChannel(HERE)))
                    .containsExactly("echo: hello from here"));

            InboundJournal journal = new InboundJournal(store);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(discord.textsIn(elsewhereDm)).as("nothing sent into the other instance's chat").isEmpty();
                assertThat(journal.find(key)).as("its journal entry is the other instance's to settle").isPresent();
            });
            assertThat(llm.requests()).extracting(FakeLlmServer::lastUserText)
                    .containsExactly("hello from here");
        }
    }

    private static InboundMessage inFlight() {
        return new InboundMessage("discord", "default", ChatScope.DM, FakeDiscordServer.dmChannel(ELSEWHERE), null,
                ELSEWHERE, "someone", "answered on the other instance", List.of(), false, "900001", null);
    }

    /** The gateway's config, once the other instance's message is in the shared journal. */
    private String config(FakeDiscordServer discord, PostgresTarget db, PostgresStateStore store) {
        assertThat(new InboundJournal(store).accept("discord", "default", "900001", null,
                InboundMessageJson.write(inFlight(), null))).isTrue();
        return """
                "store": { "kind": "postgres", "postgres": { "url": "%s", "user": "%s", "poolSize": 4 } },
                "channels": { "discord": { "enabled": true, "token": "%s", "apiBaseUrl": "%s", "gatewayUrl": "%s",
                  "dmPolicy": "open", "streamingMode": "off" } }
                """.formatted(db.url(), db.user(), TOKEN, discord.apiBaseUrl(), discord.gatewayUrl());
    }
}
