package io.pigateway.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.core.ChatScope;
import io.pigateway.core.ReplyTarget;
import org.junit.jupiter.api.Test;

class ChannelAddressTest {

    @Test
    void chatsByIdAccountAndTopic() {
        assertThat(ChannelAddress.parse("telegram:1001"))
                .isEqualTo(new ReplyTarget("telegram", "default", ChatScope.DM, "1001", null, null));
        assertThat(ChannelAddress.parse("telegram:work:-100123:topic:5"))
                .isEqualTo(new ReplyTarget("telegram", "work", ChatScope.TOPIC, "-100123", "5", null));
        assertThat(ChannelAddress.parse("telegram:-100123").scope()).isEqualTo(ChatScope.GROUP);
    }

    @Test
    void aChatWithoutAnAddressIsNamedByItsSessionKey() {
        assertThat(ChannelAddress.parse("webchat:agent:main:webchat:dm:abc"))
                .isEqualTo(new ReplyTarget("webchat", "default", ChatScope.DM, "agent:main:webchat:dm:abc", null,
                        null));
        assertThatThrownBy(() -> ChannelAddress.parse("webchat:agent:main:a b")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("expected channel:[account:]chatId");
    }
}
