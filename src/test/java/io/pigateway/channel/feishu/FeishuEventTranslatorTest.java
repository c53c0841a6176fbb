package io.pigateway.channel.feishu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import org.junit.jupiter.api.Test;

/** {@code im.message.receive_v1} → InboundMessage: scopes, mentions, placeholders, post and files. */
class FeishuEventTranslatorTest {
    private final FeishuEventTranslator translator = new FeishuEventTranslator("ou_bot");

    @Test
    void aPrivateTextIsADmOfItsSender() {
        InboundMessage m = translate("p2p", "text", "{\"text\":\"hello\"}", "", "[]").message();
        assertThat(m.scope()).isEqualTo(ChatScope.DM);
        assertThat(m.chatId()).isEqualTo("oc_chat");
        assertThat(m.senderId()).isEqualTo("ou_user");
        assertThat(m.messageId()).isEqualTo("om_1");
        assertThat(m.text()).isEqualTo("hello");
        assertThat(m.mentioned()).isTrue();
    }

    @Test
    void groupMentionsAreFoundAndPlaceholdersReplaced() {
        String mentions = "[{\"key\":\"@_user_1\",\"name\":\"bot\",\"id\":{\"open_id\":\"ou_bot\"}},"
                + "{\"key\":\"@_user_2\",\"name\":\"Alice\",\"id\":{\"open_id\":\"ou_alice\"}}]";
        InboundMessage m = translate("group", "text", "{\"text\":\"@_user_1 ask @_user_2 please\"}", "", mentions)
                .message();
        assertThat(m.scope()).isEqualTo(ChatScope.GROUP);
        assertThat(m.mentioned()).isTrue();
        assertThat(m.text()).isEqualTo("ask @Alice please");

        InboundMessage other = translate("group", "text", "{\"text\":\"@_user_2 hi\"}", "",
                "[{\"key\":\"@_user_2\",\"name\":\"Alice\",\"id\":{\"open_id\":\"ou_alice\"}}]").message();
        assertThat(other.mentioned()).isFalse();
    }

    @Test
    void aReplyInAThreadIsThatThread() {
        InboundMessage m = translate("group", "text", "{\"text\":\"more\"}", "om_root", "[]").message();
        assertThat(m.scope()).isEqualTo(ChatScope.THREAD);
        assertThat(m.threadId()).isEqualTo("om_root");
    }

    @Test
    void postsBecomeTextAndTheirImagesFiles() {
        String post = "{\"title\":\"Plan\",\"content\":[[{\"tag\":\"text\",\"text\":\"see \"},"
                + "{\"tag\":\"a\",\"text\":\"docs\",\"href\":\"https://x.example\"}],[{\"tag\":\"img\",\"image_key\":\"img_9\"}]]}";
        FeishuEvent e = translate("p2p", "post", post, "", "[]");
        assertThat(e.message().text()).isEqualTo("Plan\n\nsee docs (https://x.example)");
        assertThat(e.files()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("image");
            assertThat(f.key()).isEqualTo("img_9");
        });
    }

    @Test
    void imagesAndFilesAreFilesStickersAreIgnored() {
        assertThat(translate("p2p", "file", "{\"file_key\":\"file_1\",\"file_name\":\"a.pdf\"}", "", "[]").files())
                .singleElement().satisfies(f -> assertThat(f.fileName()).isEqualTo("a.pdf"));
        assertThat(translator.translate(event("p2p", "sticker", "{\"file_key\":\"s\"}", "", "[]"))).isEmpty();
        assertThat(translator.translate(event("group", "text", "{\"text\":\"@_user_1\"}", "",
                "[{\"key\":\"@_user_1\",\"id\":{\"open_id\":\"ou_bot\"}}]"))).as("a bare mention").isEmpty();
    }

    private FeishuEvent translate(String chatType, String type, String content, String rootId, String mentions) {
        return translator.translate(event(chatType, type, content, rootId, mentions)).orElseThrow();
    }

    private static JsonNode event(String chatType, String type, String content, String rootId, String mentions) {
        try {
            var message = FeishuApi.MAPPER.createObjectNode().put("message_id", "om_1").put("chat_id", "oc_chat")
                    .put("chat_type", chatType).put("message_type", type).put("content", content).put("root_id", rootId)
                    .put("create_time", "1700000000000");
            message.set("mentions", FeishuApi.MAPPER.readTree(mentions));
            var event = FeishuApi.MAPPER.createObjectNode();
            event.putObject("sender").put("sender_type", "user").putObject("sender_id").put("open_id", "ou_user");
            event.set("message", message);
            return event;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
