package io.pigateway.channel.feishu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.config.ChannelsConfig.FeishuConfig;
import io.pigateway.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code channels.feishu}: both domains, the override, the defaults. */
class FeishuConfigTest {

    @Test
    void domainPicksTheOpenApiHostAndApiBaseUrlOverridesIt() {
        assertThat(feishu("{}").baseUrl()).isEqualTo("https://open.feishu.cn");
        assertThat(feishu("{\"domain\": \"lark\"}").baseUrl()).isEqualTo("https://open.larksuite.com");
        assertThat(feishu("{\"domain\": \"lark\", \"apiBaseUrl\": \"http://127.0.0.1:9/\"}").baseUrl())
                .isEqualTo("http://127.0.0.1:9");
        assertThatThrownBy(() -> feishu("{\"domain\": \"weibo\"}").baseUrl()).hasMessageContaining("feishu or lark");
    }

    @Test
    void defaults() {
        FeishuConfig c = feishu("{}");
        assertThat(c.webhookPath()).isEqualTo("/feishu/events");
        assertThat(c.dmPolicy()).isEqualTo("pairing");
        assertThat(c.streamingMode()).isEqualTo("partial");
        assertThat(c.groups()).isEmpty();
    }

    private static FeishuConfig feishu(String json) {
        return ConfigLoader.parse("{ \"channels\": { \"feishu\": " + json + " } }", Map.of()).channels().feishu();
    }
}
