package io.pigateway.app.observe;

import static io.pigateway.testing.FakeTelegramServer.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.testing.FakeDiscordServer;
import io.pigateway.testing.FakeFeishuServer;
import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every secret of a full config (gateway token, webchat token, Telegram bot tokens and webhook
 * secret, Discord tokens, a rejected one included, Feishu app secret, verification token and
 * encrypt key, the hooks token) stays out of every log line (as {@code logging.format: json} writes
 * them, at DEBUG), every error body, {@code /api/config}, {@code /metrics} and {@code /health}, while
 * the gateway runs turns, refuses bad credentials and fails against a platform.
 */
class SecretsNeverLeakTest {
    static final String TG = "4242:telegram-secret-token-a1b2c3";
    static final String TG_HOOK = "4343:telegram-hook-token-d4e5f6";
    static final String TG_HOOK_SECRET = "telegram-webhook-secret-0123456789abcdef";
    static final String DISCORD = "discord-secret-token-7f3a9c";
    static final String DISCORD_BAD = "discord-bad-token-5e8d1b";
    static final String FEISHU_VERIFY = "feishu-verify-token-9c8b7a";
    static final String FEISHU_ENCRYPT = "feishu-encrypt-key-6d5e4f";
    static final String HOOKS = "hooks-token-value-0123456789abcdefghij";
    static final String WEBCHAT = "webchat-token-value-0123456789abcdefghij";
    static final List<String> SECRETS = List.of(TestGateway.TOKEN, TG, TG_HOOK, TG_HOOK_SECRET, DISCORD, DISCORD_BAD,
            FakeFeishuServer.APP_SECRET, FEISHU_VERIFY, FEISHU_ENCRYPT, HOOKS, WEBCHAT);
    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void noSecretInLogsErrorBodiesConfigOrMetrics() throws Exception {
        Capture logs = Capture.attach();
        List<String> bodies = new ArrayList<>();
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer(); FakeFeishuServer feishu = new FakeFeishuServer();
             FakeDiscordServer discord = new FakeDiscordServer(DISCORD);
             TestGateway gw = TestGateway.start(pi, Files.createTempDirectory("secrets"), 1, 1, """
                     "channels": {
                       "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s", "dmPolicy": "open",
                         "streamingMode": "off", "accounts": { "hook": { "botToken": "%s", "dmPolicy": "open",
                           "webhookUrl": "https://bot.example.invalid/telegram/hook", "webhookSecret": "%s" } } },
                       "discord": { "enabled": true, "token": "%s", "apiBaseUrl": "%s", "gatewayUrl": "%s",
                         "accounts": { "bad": { "token": "%s" } } },
                       "feishu": { "enabled": true, "appId": "%s", "appSecret": "%s", "apiBaseUrl": "%s",
                         "verificationToken": "%s", "encryptKey": "%s" },
                       "webchat": { "auth": { "mode": "token", "token": "%s" } } },
                     "hooks": { "enabled": true, "token": "%s" },
                     "logging": { "format": "json" }
                     """.formatted(telegram.baseUrl(), TG, TG_HOOK, TG_HOOK_SECRET, DISCORD, discord.apiBaseUrl(),
                     discord.gatewayUrl(), DISCORD_BAD, FakeFeishuServer.APP_ID, FakeFeishuServer.APP_SECRET,
                     feishu.baseUrl(), FEISHU_VERIFY, FEISHU_ENCRYPT, WEBCHAT, HOOKS))) {
            // a real turn from Telegram, with the poller failing once on the way (a logged platform error)
            telegram.failNext("getUpdates", 1, 502, "Bad Gateway", null);
            telegram.addMessage(TG, privateText(42, "hello secrets"));
            await().atMost(WAIT).until(() -> telegram.messagesIn("42").stream().anyMatch(m -> m.text().contains("hello secrets")));
            await().atMost(WAIT).until(() -> gw.get("/health", false).body().contains("rejected"));

            bodies.add(gw.get("/api/config", true).body());
            bodies.add(gw.get("/metrics", true).body());
            bodies.add(gw.get("/health", false).body());
            bodies.add(gw.get("/api/config", false).body()); // 401
            bodies.add(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/chat")))
                    .header("Authorization", "Bearer " + TestGateway.TOKEN + "x")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hi\"}"))).body()); // wrong token
            bodies.add(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/hooks/wake")))
                    .header("Authorization", "Bearer " + HOOKS + "x")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"wake\"}"))).body());
            bodies.add(gw.send(HttpRequest.newBuilder(URI.create(gw.url("/telegram/hook")))
                    .header("X-Telegram-Bot-Api-Secret-Token", "wrong")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))).body());
            bodies.add(gw.post("/api/chat", "{\"message\": 12}").body()); // a 400
        } finally {
            logs.detach();
            io.pigateway.logging.LogFormat.apply("text"); // the console of the next test classes
        }
        assertThat(bodies).hasSize(8).allSatisfy(body -> assertThat(body).isNotNull());
        assertThat(bodies.get(1)).contains("pigateway_turns_seconds_count{channel=\"telegram\",outcome=\"ok\"} 1");
        assertThat(logs.lines).isNotEmpty();
        for (String secret : SECRETS) {
            assertThat(bodies).as("bodies").noneMatch(b -> b.contains(secret));
            assertThat(logs.lines).as("log lines").noneMatch(l -> l.contains(secret));
        }
        // json lines, with the turn's MDC on what was logged while it ran
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : logs.lines) {
            parsed.add(json.readTree(line));
        }
        assertThat(parsed).anySatisfy(l -> {
            assertThat(l.path("mdc").path("channel").asText()).isEqualTo("telegram");
            assertThat(l.path("mdc").path("sessionKey").asText()).contains("telegram");
            assertThat(l.path("mdc").path("runId").asText()).isNotEmpty();
        });
    }

    /** Every event, DEBUG and up, encoded as logging.format json would write it. */
    static final class Capture extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final JsonEncoder encoder = new JsonEncoder();
        private Level before;

        static Capture attach() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            Capture capture = new Capture();
            capture.setContext(context);
            capture.encoder.setContext(context);
            capture.encoder.setWithFormattedMessage(true);
            capture.encoder.start();
            capture.start();
            Logger gateway = context.getLogger("io.pigateway");
            capture.before = gateway.getLevel();
            gateway.setLevel(Level.DEBUG);
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(capture);
            return capture;
        }

        void detach() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
            context.getLogger("io.pigateway").setLevel(before);
            stop();
        }

        @Override
        protected void append(ILoggingEvent event) {
            lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8).strip());
        }
    }
}
