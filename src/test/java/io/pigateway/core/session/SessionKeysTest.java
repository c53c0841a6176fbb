package io.pigateway.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionKeysTest {

    private static InboundMessage message(String channel, String account, ChatScope scope, String chatId,
                                          String threadId, String senderId) {
        return new InboundMessage(channel, account, scope, chatId, threadId, senderId, "Ann", "hi", null, true,
                "m1", null);
    }

    private static String key(InboundMessage m, DmScope dmScope) {
        return SessionKeys.forMessage(m, "main", dmScope);
    }

    @Test
    void groupsTopicsChannelsAndThreadsUseTheSeedForms() {
        assertThat(key(message("telegram", null, ChatScope.GROUP, "-100123", null, "7"), DmScope.DEFAULT))
                .isEqualTo("agent:main:telegram:group:-100123");
        assertThat(key(message("telegram", null, ChatScope.TOPIC, "-100123", "456", "7"), DmScope.DEFAULT))
                .isEqualTo("agent:main:telegram:topic:-100123:456");
        assertThat(key(message("discord", null, ChatScope.CHANNEL, "789", null, "7"), DmScope.DEFAULT))
                .isEqualTo("agent:main:discord:channel:789");
        assertThat(key(message("discord", null, ChatScope.THREAD, "789", "1001", "7"), DmScope.DEFAULT))
                .isEqualTo("agent:main:discord:thread:789:1001");
    }

    @Test
    void topicOrThreadWithoutThreadIdFallsBackToItsChat() {
        assertThat(key(message("telegram", null, ChatScope.TOPIC, "-100123", null, "7"), DmScope.DEFAULT))
                .isEqualTo("agent:main:telegram:group:-100123");
        assertThat(key(message("discord", null, ChatScope.THREAD, "789", "", "7"), DmScope.DEFAULT))
                .isEqualTo("agent:main:discord:channel:789");
    }

    @Test
    void directMessagesFollowTheDmScope() {
        InboundMessage dm = message("telegram", "work", ChatScope.DM, "42", null, "42");

        assertThat(key(dm, DmScope.MAIN)).isEqualTo("agent:main:main");
        assertThat(key(dm, DmScope.PER_PEER)).isEqualTo("agent:main:dm:42");
        assertThat(key(dm, DmScope.PER_CHANNEL_PEER)).isEqualTo("agent:main:telegram:dm:42");
        assertThat(key(dm, DmScope.PER_ACCOUNT_CHANNEL_PEER)).isEqualTo("agent:main:telegram:work:dm:42");
        assertThat(key(dm, null)).isEqualTo("agent:main:telegram:dm:42");
    }

    @Test
    void perPeerJoinsTheSamePersonAcrossChannels() {
        InboundMessage onTelegram = message("telegram", null, ChatScope.DM, "42", null, "42");
        InboundMessage onDiscord = message("discord", null, ChatScope.DM, "dm-chan-9", null, "42");

        assertThat(key(onTelegram, DmScope.PER_PEER)).isEqualTo(key(onDiscord, DmScope.PER_PEER));
        assertThat(key(onTelegram, DmScope.PER_CHANNEL_PEER)).isNotEqualTo(key(onDiscord, DmScope.PER_CHANNEL_PEER));
    }

    @Test
    void idsWithSeparatorsCannotForgeOrCollideWithOtherKeys() {
        String forged = key(message("webchat", null, ChatScope.DM, "x", null, "1:group:2"), DmScope.DEFAULT);
        String underscored = key(message("webchat", null, ChatScope.DM, "x", null, "1_group_2"), DmScope.DEFAULT);

        assertThat(forged).isEqualTo("agent:main:webchat:dm:1%3Agroup%3A2");
        assertThat(forged).isNotEqualTo(underscored);
        assertThat(SessionKeys.isValid(forged)).isTrue();
        assertThat(key(message("webchat", null, ChatScope.DM, "x", null, ".."), DmScope.DEFAULT))
                .isEqualTo("agent:main:webchat:dm:%2E%2E");
    }

    @Test
    void everyGeneratedKeyParses() {
        InboundMessage unicode = message("feishu", null, ChatScope.GROUP, "oc_群聊 1/2", null, "ou_1");
        assertThat(SessionKeys.parse(key(unicode, DmScope.DEFAULT))).startsWith("agent:main:feishu:group:oc_");
    }

    @Test
    void aMessageWithoutTheIdItsScopeNeedsIsRejected() {
        assertThatThrownBy(() -> key(message("telegram", null, ChatScope.GROUP, null, null, "7"), DmScope.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chatId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent:main:main", "agent:main:telegram:dm:42", "agent:mentor:telegram:topic:-100:5",
            "agent:main:webchat:dm:a%2Fb"})
    void parseAcceptsWellFormedKeys(String key) {
        assertThat(SessionKeys.parse(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "agent:", "agent:main", "main:telegram:dm:1", "agent:main::dm", "agent:main:dm:1/../x",
            "agent:main:dm:a b", "agent:../x", "agent:main:..", "AGENT:main:main", "agent:main:dm:1\n", "agent:main:",
            "agent:.:main", "agent:main:dm:1:"})
    void parseRejectsAnythingElse(String key) {
        assertThatThrownBy(() -> SessionKeys.parse(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseRejectsNullAndOverlongKeys() {
        assertThat(SessionKeys.isValid(null)).isFalse();
        assertThat(SessionKeys.isValid("agent:main:dm:" + "1".repeat(SessionKeys.MAX_LENGTH))).isFalse();
    }

    @Test
    void dmScopeParsesConfigSpellings() {
        assertThat(DmScope.fromConfig("per-account-channel-peer")).isEqualTo(DmScope.PER_ACCOUNT_CHANNEL_PEER);
        assertThat(DmScope.fromConfig("main")).isEqualTo(DmScope.MAIN);
        assertThat(DmScope.fromConfig(null)).isEqualTo(DmScope.PER_CHANNEL_PEER);
        assertThatThrownBy(() -> DmScope.fromConfig("per-planet")).isInstanceOf(IllegalArgumentException.class);
    }
}
