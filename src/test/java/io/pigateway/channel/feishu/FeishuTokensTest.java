package io.pigateway.channel.feishu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.testing.FakeFeishuServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The tenant token: cached, refreshed ahead of {@code expire}, single-flight, replaced when refused. */
class FeishuTokensTest {

    @Test
    void cachedUntilShortlyBeforeExpiryThenRefreshed() {
        AtomicLong now = new AtomicLong(1_000_000);
        AtomicInteger n = new AtomicInteger();
        FeishuTokens tokens = new FeishuTokens(() -> answer("t" + n.incrementAndGet(), 7200), now::get);
        assertThat(tokens.get()).isEqualTo("t1");
        now.addAndGet(7200_000 - FeishuTokens.REFRESH_AHEAD_MS - 1);
        assertThat(tokens.get()).isEqualTo("t1");
        now.addAndGet(2);
        assertThat(tokens.get()).as("refreshed ahead of expire").isEqualTo("t2");
        tokens.invalidate("t1"); // a stale refusal does not throw the fresh token away
        assertThat(tokens.get()).isEqualTo("t2");
        tokens.invalidate("t2");
        assertThat(tokens.get()).isEqualTo("t3");
        assertThat(tokens.fetches()).isEqualTo(3);
    }

    @Test
    void aRefusedFetchIsReportedForHealth() {
        FeishuTokens tokens = new FeishuTokens(() -> FeishuApi.MAPPER.createObjectNode().put("code", 10014)
                .put("msg", "app secret invalid"), System::currentTimeMillis);
        assertThatThrownBy(tokens::get).isInstanceOf(FeishuApiException.class).hasMessageContaining("10014");
        assertThat(tokens.lastError()).contains("app secret invalid");
    }

    @Test
    void manyConcurrentCallsAfterExpiryFetchOneToken() throws Exception {
        try (FakeFeishuServer feishu = new FakeFeishuServer()) {
            FeishuApi api = new FeishuApi(feishu.baseUrl(), FakeFeishuServer.APP_ID, FakeFeishuServer.APP_SECRET, 10);
            api.callRaw("GET", "/open-apis/bot/v3/info", null);
            assertThat(feishu.tokenFetches()).isEqualTo(1);
            feishu.expireAllTokens();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return api.callRaw("GET", "/open-apis/bot/v3/info", null);
                }));
            }
            go.countDown();
            for (Future<JsonNode> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS).path("bot").path("open_id").asText())
                        .isEqualTo(FakeFeishuServer.BOT_OPEN_ID);
            }
            pool.shutdown();
            assertThat(feishu.tokenFetches()).as("one refresh for 32 refused calls").isEqualTo(2);
        }
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedOtherRefusalsAreNot() throws Exception {
        try (FakeFeishuServer feishu = new FakeFeishuServer()) {
            FeishuApi api = new FeishuApi(feishu.baseUrl(), FakeFeishuServer.APP_ID, FakeFeishuServer.APP_SECRET, 10);
            feishu.failNext("GET /open-apis/bot/v3/info", 1, 429, 99991400);
            feishu.failNext("GET /open-apis/bot/v3/info", 1, 200, 99991400);
            feishu.failNext("GET /open-apis/bot/v3/info", 1, 503, -1);
            assertThat(api.callRaw("GET", "/open-apis/bot/v3/info", null).path("bot").path("open_id").asText())
                    .isEqualTo(FakeFeishuServer.BOT_OPEN_ID);
            assertThat(feishu.calls("GET", "/open-apis/bot/v3/info")).hasSize(4);
            feishu.failNext("GET /open-apis/bot/v3/info", 1, 400, 230002);
            assertThatThrownBy(() -> api.callRaw("GET", "/open-apis/bot/v3/info", null))
                    .isInstanceOf(FeishuApiException.class).hasMessageContaining("230002");
            assertThat(feishu.calls("GET", "/open-apis/bot/v3/info")).hasSize(5);
        }
    }

    private static JsonNode answer(String token, int expire) {
        return FeishuApi.MAPPER.createObjectNode().put("code", 0).put("tenant_access_token", token).put("expire", expire);
    }
}
