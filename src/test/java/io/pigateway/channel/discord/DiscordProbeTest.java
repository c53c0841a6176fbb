package io.pigateway.channel.discord;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.ChannelsConfig.DiscordAccount;
import io.pigateway.config.ChannelsConfig.DiscordConfig;
import io.pigateway.testing.FakeDiscordServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code pi-gw doctor}'s Discord checks against the fake: a good bot, a rejected token, Message Content off. */
class DiscordProbeTest {

    @Test
    void saysWhichTokenDiscordRejectedAndWhichBotLacksMessageContent() throws Exception {
        try (FakeDiscordServer discord = new FakeDiscordServer("good", "nointent")) {
            discord.gateway("nointent").refuseIntents(true);
            DiscordConfig config = new DiscordConfig(true, "good", null, null, null, discord.apiBaseUrl(), null, null,
                    Map.of("bad", new DiscordAccount(true, "wrong", null, null, null),
                            "noi", new DiscordAccount(true, "nointent", null, null, null)), null, null);

            List<DiscordProbe.Finding> findings = DiscordProbe.check(config);

            assertThat(findings).anySatisfy(f -> {
                assertThat(f.name()).isEqualTo("discord default");
                assertThat(f.ok()).isTrue();
                assertThat(f.detail()).contains("Message Content intent enabled");
            });
            assertThat(findings).anySatisfy(f -> {
                assertThat(f.name()).isEqualTo("discord bad");
                assertThat(f.fatal()).isTrue();
                assertThat(f.detail()).isEqualTo("Discord rejected the token");
            });
            assertThat(findings).anySatisfy(f -> {
                assertThat(f.name()).isEqualTo("discord noi");
                assertThat(f.detail()).contains("Message Content intent is not enabled", "4014");
                assertThat(f.fix()).contains("Developer Portal");
            });
        }
    }

    @Test
    void gatewayUrlKeepsZlibUnlessTheUrlSaysNone() {
        assertThat(DiscordGatewayUrl.parse("wss://gateway.discord.gg").compression().getKey()).isEqualTo("zlib-stream");
        DiscordGatewayUrl plain = DiscordGatewayUrl.parse("ws://127.0.0.1:1/gateway?v=10&compress=none&x=1");
        assertThat(plain.compression().name()).isEqualTo("NONE");
        assertThat(plain.base()).isEqualTo("ws://127.0.0.1:1/gateway?x=1");
    }
}
