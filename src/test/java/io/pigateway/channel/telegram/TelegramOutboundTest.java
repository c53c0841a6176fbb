package io.pigateway.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.core.channel.ChannelAddress;
import io.pigateway.channel.telegram.TelegramOutbound.MediaType;
import io.pigateway.core.ChatScope;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.testing.FakeTelegramServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Bot API client and outbound sender against the fake Bot API server. */
class TelegramOutboundTest {
    static final String TOKEN = "111:AAA";
    FakeTelegramServer telegram;
    TelegramOutbound outbound;
    final ReplyTarget dm = new ReplyTarget("telegram", "default", ChatScope.DM, "42", null, null);
    final ReplyTarget topic = new ReplyTarget("telegram", "default", ChatScope.TOPIC, "-100", "77", null);

    @BeforeEach
    void start() throws Exception {
        telegram = new FakeTelegramServer();
        outbound = new TelegramOutbound(Map.of("default", new TelegramBotApi(telegram.baseUrl(), TOKEN)),
                new TelegramRetry(4, 50));
    }

    @AfterEach
    void stop() {
        telegram.close();
    }

    @Test
    void sendsHtmlAndEditsInPlaceWithTheTopicThread() {
        long id = outbound.sendText(topic, "**hi** <there>");
        outbound.editText(topic, id, "**hi** all");
        var call = telegram.calls("sendMessage").get(0);
        assertThat(call.params().path("parse_mode").asText()).isEqualTo("HTML");
        assertThat(call.params().path("message_thread_id").asLong()).isEqualTo(77);
        assertThat(call.text()).isEqualTo("<b>hi</b> &lt;there&gt;");
        assertThat(telegram.calls("editMessageText").get(0).params().path("message_thread_id").asLong()).isEqualTo(77);
        assertThat(telegram.messagesIn("-100")).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("<b>hi</b> all"));
    }

    @Test
    void rejectedEntitiesAreResentAsPlainText() {
        telegram.failNext("sendMessage", 1, 400, "Bad Request: can't parse entities: Unsupported start tag", null);
        outbound.sendText(dm, "**odd** markup");
        var calls = telegram.calls("sendMessage");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).params().has("parse_mode")).isFalse();
        assertThat(telegram.messagesIn("42")).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("**odd** markup"));
    }

    @Test
    void honoursRetryAfterAndRetriesServerErrors() {
        telegram.failNext("sendMessage", 1, 429, "Too Many Requests: retry after 1", 1);
        long started = System.nanoTime();
        outbound.sendText(dm, "after the limit");
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(waitedMs).isGreaterThanOrEqualTo(950); // the server asked for one second
        assertThat(telegram.calls("sendMessage")).hasSize(2);

        telegram.failNext("sendMessage", 2, 502, "Bad Gateway", null);
        outbound.sendText(dm, "after two 502s");
        assertThat(telegram.messagesIn("42")).extracting(FakeTelegramServer.Sent::text)
                .containsExactly("after the limit", "after two 502s");
    }

    @Test
    void finalFailuresAndClientErrorsAreThrownNotRetried() {
        telegram.failNext("sendMessage", 1, 403, "Forbidden: bot was blocked by the user", null);
        assertThatThrownBy(() -> outbound.sendText(dm, "x")).isInstanceOf(TelegramApiException.class)
                .hasMessageContaining("blocked");
        assertThat(telegram.calls("sendMessage")).hasSize(1);
        telegram.failNext("sendMessage", 4, 500, "Internal", null);
        assertThatThrownBy(() -> outbound.sendText(dm, "y")).isInstanceOf(TelegramApiException.class);
        assertThat(telegram.calls("sendMessage")).hasSize(5);
    }

    @Test
    void sendsMediaAsMultipartUploads(@TempDir Path dir) throws Exception {
        Path photo = Files.write(dir.resolve("chart.png"), new byte[] {1, 2, 3, 4});
        outbound.sendMedia(topic, photo, MediaType.PHOTO, "the chart");
        outbound.sendMedia(dm, photo, MediaType.DOCUMENT, null);
        outbound.sendMedia(dm, photo, MediaType.STICKER, "ignored for stickers");
        var sent = telegram.calls("sendPhoto").get(0);
        assertThat(sent.fileName()).isEqualTo("chart.png");
        assertThat(sent.file()).containsExactly(1, 2, 3, 4);
        assertThat(sent.params().path("caption").asText()).isEqualTo("the chart");
        assertThat(sent.params().path("message_thread_id").asText()).isEqualTo("77");
        assertThat(telegram.calls("sendDocument")).singleElement().satisfies(c -> assertThat(c.chatId()).isEqualTo("42"));
        assertThat(telegram.calls("sendSticker").get(0).params().has("caption")).isFalse();
    }

    @Test
    void parsesSendAddresses() {
        assertThat(ChannelAddress.parse("telegram:123"))
                .isEqualTo(new ReplyTarget("telegram", "default", ChatScope.DM, "123", null, null));
        assertThat(ChannelAddress.parse("telegram:work:-100")).extracting(ReplyTarget::accountId,
                ReplyTarget::scope).containsExactly("work", ChatScope.GROUP);
        assertThat(ChannelAddress.parse("telegram:-100:topic:456").threadId()).isEqualTo("456");
        assertThat(ChannelAddress.parse("telegram:default:-100:topic:456").accountId()).isEqualTo("default");
        // a YAML channel's chat ids are its author's: names, mail addresses
        assertThat(ChannelAddress.parse("filechan:chat42").chatId()).isEqualTo("chat42");
        assertThat(ChannelAddress.parse("mail:ops@example.org").chatId()).isEqualTo("ops@example.org");
        for (String bad : new String[] {"telegram", "telegram:", "telegram:1:2", "telegram:1:topic:x",
                "telegram:a:b:c:d:e", ":1"}) {
            assertThatThrownBy(() -> ChannelAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anEditOfAMessageThatIsGoneIsSentAnewAndItsIdReported() throws Exception {
        try (var camel = new DefaultCamelContext()) {
            TelegramAnswer.State state = new TelegramAnswer.State();
            state.messageIds.put(0, 999L); // a message of a run before the restart, deleted since
            var exchange = new DefaultExchange(camel);
            exchange.setProperty(GatewayHeaders.REPLY_TARGET, dm);
            exchange.setProperty(TelegramAnswer.STATE, state);
            exchange.getMessage().setBody(new EditText(0, "the answer"));

            new TelegramOutboundProcessor(outbound).process(exchange);

            assertThat(telegram.calls("editMessageText")).hasSize(1); // 400 "message to edit not found": no retry
            assertThat(telegram.messagesIn("42")).singleElement().satisfies(m -> {
                assertThat(m.text()).isEqualTo("the answer");
                assertThat(state.messageIds).containsEntry(0, m.messageId());
                assertThat(exchange.getMessage().getHeader(GatewayHeaders.MESSAGE_ID))
                        .isEqualTo(m.messageId());
            });
        }
    }
}
