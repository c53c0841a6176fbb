package io.pigateway.app.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.ConfigLoader;
import io.pigateway.config.GatewayConfig;
import io.pigateway.testing.FakeFeishuServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code pi-gw doctor} on a Feishu app: a real token fetch against the fake, and the callback's reach. */
class FeishuChecksTest {

    @Test
    void goodCredentialsPassAndALoopbackGatewayIsWarnedAbout() throws Exception {
        try (FakeFeishuServer feishu = new FakeFeishuServer()) {
            List<CheckResult> results = FeishuChecks.run(config(feishu, FakeFeishuServer.APP_SECRET, "", "\"k\""));
            assertThat(results).anySatisfy(r -> {
                assertThat(r.name()).isEqualTo("feishu");
                assertThat(r.status()).isEqualTo(CheckResult.Status.OK);
                assertThat(r.detail()).contains("tenant token fetched");
            });
            assertThat(results).anySatisfy(r -> {
                assertThat(r.name()).isEqualTo("feishu callback");
                assertThat(r.status()).isEqualTo(CheckResult.Status.WARN);
                assertThat(r.detail()).contains("loopback", "/feishu/events");
            });
            assertThat(feishu.tokenFetches()).isEqualTo(1);
        }
    }

    @Test
    void aWrongSecretFailsAndAPublicUrlGivesTheSubscriptionUrl() throws Exception {
        try (FakeFeishuServer feishu = new FakeFeishuServer()) {
            List<CheckResult> results = FeishuChecks.run(config(feishu, "wrong",
                    "\"publicUrl\": \"https://gw.example.com/\",", "\"k\""));
            assertThat(results).anySatisfy(r -> {
                assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
                assertThat(r.detail()).contains("could not fetch a tenant token", "10014");
            });
            assertThat(results).anySatisfy(r -> assertThat(r.detail())
                    .contains("subscription URL: https://gw.example.com/feishu/events"));
        }
    }

    @Test
    void aCallbackWithoutTokenOrKeyFails() throws Exception {
        try (FakeFeishuServer feishu = new FakeFeishuServer()) {
            List<CheckResult> results = FeishuChecks.run(config(feishu, FakeFeishuServer.APP_SECRET, "", "null"));
            assertThat(results).anySatisfy(r -> {
                assertThat(r.status()).isEqualTo(CheckResult.Status.FAIL);
                assertThat(r.detail()).contains("neither verificationToken nor encryptKey");
            });
        }
    }

    private static GatewayConfig config(FakeFeishuServer feishu, String secret, String gatewayExtra, String key) {
        return ConfigLoader.parseLoaded("""
                { "gateway": { %s "port": 52199 },
                  "channels": { "feishu": { "enabled": true, "appId": "%s", "appSecret": "%s",
                    "apiBaseUrl": "%s", "encryptKey": %s } } }
                """.formatted(gatewayExtra, FakeFeishuServer.APP_ID, secret, feishu.baseUrl(), key), Map.of()).config();
    }
}
