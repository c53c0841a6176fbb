package io.pigateway.channel.telegram;

import static io.pigateway.testing.FakeTelegramServer.groupText;
import static io.pigateway.testing.FakeTelegramServer.privateText;
import static io.pigateway.testing.FakeTelegramServer.topicText;
import static io.pigateway.testing.FakeTelegramServer.withCommand;
import static io.pigateway.testing.FakeTelegramServer.withMention;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.channel.telegram.TelegramUpdate.Kind;
import io.pigateway.config.ChannelsConfig.GroupConfig;
import io.pigateway.core.ChatScope;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelegramUpdateTranslatorTest {
    static final long BOT_ID = 4242;
    final TelegramUpdateTranslator translator = new TelegramUpdateTranslator("default", BOT_ID, "pi_bot",
            Map.of("-300", new GroupConfig(false, "mentor", null)));

    static ObjectNode update(ObjectNode message) {
        ObjectNode u = new ObjectMapper().createObjectNode().put("update_id", 7);
        u.set("message", message);
        return u;
    }

    @Test
    void privateChatIsADmAddressedToTheBot() {
        TelegramUpdate u = translator.translate(update(privateText(42, "hello")));
        assertThat(u.kind()).isEqualTo(Kind.MESSAGE);
        assertThat(u.updateId()).isEqualTo(7);
        assertThat(u.message().scope()).isEqualTo(ChatScope.DM);
        assertThat(u.message().chatId()).isEqualTo("42");
        assertThat(u.message().senderId()).isEqualTo("42");
        assertThat(u.message().mentioned()).isTrue();
        assertThat(u.message().text()).isEqualTo("hello");
    }

    @Test
    void groupMessageWithoutMentionIsIgnoredAndWithMentionIsStripped() {
        assertThat(translator.translate(update(groupText(-100, 42, "just chatting"))).kind()).isEqualTo(Kind.IGNORED);
        assertThat(translator.translate(update(withMention(groupText(-100, 42, "hey @other_bot"), "other_bot")))
                .kind()).isEqualTo(Kind.IGNORED);

        TelegramUpdate u = translator.translate(update(withMention(groupText(-100, 42, "@pi_bot what is 2+2?"),
                "pi_bot")));
        assertThat(u.kind()).isEqualTo(Kind.MESSAGE);
        assertThat(u.message().scope()).isEqualTo(ChatScope.GROUP);
        assertThat(u.message().chatId()).isEqualTo("-100");
        assertThat(u.message().mentioned()).isTrue();
        assertThat(u.message().text()).isEqualTo("what is 2+2?");
    }

    @Test
    void textMentionAndReplyToTheBotCountAsMentions() {
        ObjectNode m = groupText(-100, 42, "Pi please help");
        m.withArray("entities").addObject().put("type", "text_mention").put("offset", 0).put("length", 2)
                .putObject("user").put("id", BOT_ID);
        assertThat(translator.translate(update(m)).message().text()).isEqualTo("please help");

        ObjectNode reply = groupText(-100, 42, "and then?");
        reply.putObject("reply_to_message").put("message_id", 1).putObject("from").put("id", BOT_ID);
        TelegramUpdate u = translator.translate(update(reply));
        assertThat(u.kind()).isEqualTo(Kind.MESSAGE);
        assertThat(u.message().text()).isEqualTo("and then?");
    }

    @Test
    void groupWithRequireMentionOffTakesEveryMessage() {
        TelegramUpdate u = translator.translate(update(groupText(-300, 42, "no mention needed")));
        assertThat(u.kind()).isEqualTo(Kind.MESSAGE);
        assertThat(u.message().mentioned()).isFalse();
        assertThat(u.role()).isEqualTo("mentor"); // groups.{chatId}.role selects the role
        assertThat(translator.translate(update(privateText(42, "hi"))).role()).isNull();
    }

    @Test
    void forumTopicCarriesTheThreadId() {
        TelegramUpdate u = translator.translate(update(withMention(topicText(-200, 77, 42, "@pi_bot hi"), "pi_bot")));
        assertThat(u.message().scope()).isEqualTo(ChatScope.TOPIC);
        assertThat(u.message().threadId()).isEqualTo("77");
        assertThat(u.message().replyTarget().threadId()).isEqualTo("77");
    }

    @Test
    void commandsAreRecognisedAndOtherBotsCommandsIgnored() {
        TelegramUpdate u = translator.translate(update(withCommand(privateText(42, "/new"))));
        assertThat(u.kind()).isEqualTo(Kind.COMMAND);
        assertThat(u.command()).isEqualTo("new");
        TelegramUpdate inGroup = translator.translate(update(withCommand(groupText(-100, 42, "/status@pi_bot"))));
        assertThat(inGroup.kind()).isEqualTo(Kind.COMMAND);
        assertThat(inGroup.command()).isEqualTo("status");
        assertThat(translator.translate(update(withCommand(groupText(-100, 42, "/status@else_bot")))).kind())
                .isEqualTo(Kind.IGNORED);
    }

    @Test
    void mediaIsListedForDownloadWithTheCaptionAsText() {
        ObjectNode m = privateText(42, null);
        m.put("caption", "look at this");
        m.putArray("photo").add(new ObjectMapper().createObjectNode().put("file_id", "small"))
                .add(new ObjectMapper().createObjectNode().put("file_id", "large"));
        m.putObject("document").put("file_id", "doc1").put("file_name", "notes.txt").put("mime_type", "text/plain");
        TelegramUpdate u = translator.translate(update(m));
        assertThat(u.kind()).isEqualTo(Kind.MESSAGE);
        assertThat(u.message().text()).isEqualTo("look at this");
        assertThat(u.files()).extracting(TelegramUpdate.FileRef::fileId).containsExactly("large", "doc1");
    }

    @Test
    void botsEditsAndEmptyMessagesAreIgnored() {
        ObjectNode fromBot = privateText(42, "I am a bot");
        ((ObjectNode) fromBot.get("from")).put("is_bot", true);
        assertThat(translator.translate(update(fromBot)).kind()).isEqualTo(Kind.IGNORED);
        ObjectNode edited = new ObjectMapper().createObjectNode().put("update_id", 8);
        edited.set("edited_message", privateText(42, "edit"));
        assertThat(translator.translate(edited).kind()).isEqualTo(Kind.IGNORED);
        assertThat(translator.translate(update(privateText(42, null))).kind()).isEqualTo(Kind.IGNORED);
    }
}
