package io.pigateway.app.doctor;

import io.pigateway.channel.feishu.FeishuApi;
import io.pigateway.config.ChannelsConfig.FeishuConfig;
import io.pigateway.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pi-gw doctor} for an enabled Feishu / Lark channel: the credentials (a real tenant token
 * fetch), how the callback is authenticated, and whether Feishu can reach the callback at all (a
 * gateway bound to loopback without a {@code publicUrl} is invisible from outside).
 */
final class FeishuChecks {
    private FeishuChecks() {
    }

    static List<CheckResult> run(GatewayConfig config) {
        FeishuConfig feishu = config.channels().feishu();
        List<CheckResult> results = new ArrayList<>();
        if (blank(feishu.appId()) || blank(feishu.appSecret())) {
            results.add(CheckResult.fail("feishu", "enabled without channels.feishu.appId / appSecret",
                    "copy both from the app's Credentials page (e.g. \"${FEISHU_APP_SECRET}\")"));
            return results;
        }
        String baseUrl;
        try {
            baseUrl = feishu.baseUrl();
        } catch (IllegalArgumentException e) {
            results.add(CheckResult.fail("feishu", e.getMessage(), "set channels.feishu.domain to feishu or lark"));
            return results;
        }
        try {
            new FeishuApi(baseUrl, feishu.appId(), feishu.appSecret()).tenantToken();
            results.add(CheckResult.ok("feishu", "app " + feishu.appId() + ": tenant token fetched from " + baseUrl));
        } catch (RuntimeException e) {
            results.add(CheckResult.fail("feishu", "could not fetch a tenant token from " + baseUrl + ": "
                    + e.getMessage(), "check appId / appSecret and the domain (feishu or lark)"));
        }
        if (blank(feishu.verificationToken()) && blank(feishu.encryptKey())) {
            results.add(CheckResult.fail("feishu callback", "neither verificationToken nor encryptKey is set: the"
                    + " callback could not tell Feishu from anyone else", "copy them from Events & Callbacks → Encryption"));
        } else if (blank(feishu.encryptKey())) {
            results.add(CheckResult.warn("feishu callback", "no encryptKey: events arrive in clear text, checked by the"
                    + " verification token only", "set an Encrypt Key in the app and channels.feishu.encryptKey"));
        }
        String publicUrl = config.gateway().publicUrl();
        if ("loopback".equals(config.gateway().bind()) && blank(publicUrl)) {
            results.add(CheckResult.warn("feishu callback", "the gateway listens on loopback only and has no"
                    + " gateway.publicUrl: Feishu cannot reach " + feishu.webhookPath(),
                    "put an HTTPS reverse proxy or tunnel in front and set gateway.publicUrl (or bind \"lan\")"));
        } else {
            results.add(CheckResult.ok("feishu callback", "subscription URL: " + (blank(publicUrl)
                    ? "http(s)://<this host>:" + config.gateway().port() : stripSlash(publicUrl)) + feishu.webhookPath()));
        }
        if ("open".equals(feishu.dmPolicy())) {
            results.add(CheckResult.warn("feishu", "dmPolicy \"open\": anyone in the tenant can use the agent",
                    "use \"pairing\" or \"allowlist\""));
        }
        return results;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
