package io.pigateway.channel.feishu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.core.ChatScope;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.channel.ChannelActionException;
import io.pigateway.testing.FakeFeishuServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's {@code send_media} and {@code message} (react, edit, delete, pin) against the fake Open API. */
class FeishuActionsTest {
    @TempDir
    Path dir;

    @Test
    void mediaReactionsEditsDeletesAndPins() throws Exception {
        try (FakeFeishuServer feishu = new FakeFeishuServer()) {
            FeishuApi api = new FeishuApi(feishu.baseUrl(), FakeFeishuServer.APP_ID, FakeFeishuServer.APP_SECRET, 10);
            FeishuOutbound outbound = new FeishuOutbound(api);
            FeishuActions actions = new FeishuActions(() -> outbound, () -> null);
            ReplyTarget chat = new ReplyTarget("feishu", "default", ChatScope.GROUP, "oc_room", null, null);

            Path photo = Files.write(dir.resolve("cat.png"), new byte[] {1, 2, 3});
            String imageId = actions.sendMedia(chat, photo, "photo", "a cat");
            assertThat(feishu.calls("POST", "/open-apis/im/v1/images")).hasSize(1);
            assertThat(feishu.textsIn("oc_room")).hasSize(2).first().asString().startsWith("[image img_");
            Path doc = Files.write(dir.resolve("notes.txt"), "notes".getBytes());
            actions.sendMedia(chat, doc, "document", null);
            assertThat(feishu.calls("POST", "/open-apis/im/v1/files")).hasSize(1);

            String textId = outbound.sendText(chat, "first draft", null);
            actions.edit(chat, textId, "second draft");
            assertThat(feishu.textsIn("oc_room")).contains("second draft").doesNotContain("first draft");
            actions.react(chat, textId, "👍");
            actions.react(chat, textId, "heart");
            assertThat(feishu.calls("POST", "/open-apis/im/v1/messages/" + textId + "/reactions"))
                    .extracting(c -> c.body().path("reaction_type").path("emoji_type").asText())
                    .containsExactly("THUMBSUP", "HEART");
            actions.pin(chat, textId);
            assertThat(feishu.calls("POST", "/open-apis/im/v1/pins")).singleElement()
                    .satisfies(c -> assertThat(c.body().path("message_id").asText()).isEqualTo(textId));
            actions.delete(chat, imageId);
            assertThat(feishu.textsIn("oc_room")).noneMatch(t -> t.startsWith("[image"));

            assertThatThrownBy(() -> actions.edit(chat, "om_missing", "x")).isInstanceOf(ChannelActionException.class)
                    .hasMessageContaining("Feishu refused");
            assertThatThrownBy(() -> actions.sendMedia(chat, doc, "hologram", null))
                    .isInstanceOf(ChannelActionException.class).hasMessageContaining("unknown media type");
        }
    }
}
