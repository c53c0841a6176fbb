package io.pigateway.channel.discord;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.ChannelsConfig.DiscordConfig;
import io.pigateway.core.channel.AdmissionRule;
import io.pigateway.core.channel.ChatActions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.dv8tion.jda.api.utils.TimeUtil;
import org.junit.jupiter.api.Test;

/**
 * What the policy gate asks the channel for every message stays cheap: the account's rule is built
 * once per config and kept, and a reload is seen at once; message times come from the snowflake.
 */
class DiscordAdmissionTest {
    static DiscordConfig config(String dmPolicy, List<String> allowlist) {
        return new DiscordConfig(true, "token", null, dmPolicy, allowlist, null, null, null, null, null, null);
    }

    @Test
    void theRuleIsKeptPerConfigAndAReloadIsSeenAtOnce() {
        AtomicReference<DiscordConfig> current = new AtomicReference<>(config("allowlist", List.of("42")));
        DiscordChannel channel = new DiscordChannel(current.get(), current::get, outbound -> ChatActions.none("discord"),
                (account, connection, guilds, outbound) -> null, null); // never started: no recovery

        AdmissionRule.Rule first = channel.admission("default");
        assertThat(first.mode()).isEqualTo(AdmissionRule.Mode.ALLOWLIST);
        assertThat(first.allowlist()).containsExactly("42");
        assertThat(channel.admission("default")).isSameAs(first); // not rebuilt per message

        current.set(config("open", List.of()));
        assertThat(channel.admission("default").mode()).isEqualTo(AdmissionRule.Mode.OPEN);
        assertThat(channel.admission("other").mode()).isEqualTo(AdmissionRule.Mode.DISABLED); // no such account
    }

    @Test
    void aMessagesTimeIsItsSnowflakesTimestamp() {
        long id = 1_200_000_000_000_000_123L;
        assertThat(DiscordMessageTranslator.createdAt(id)).isEqualTo(TimeUtil.getTimeCreated(id).toInstant());
        assertThat(DiscordMessageTranslator.createdAt(id)).isBetween(Instant.parse("2015-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"));
    }
}
