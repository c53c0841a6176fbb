package io.pigateway.channel.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.config.ChannelsConfig.DiscordConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code pi-gw doctor} asks Discord for each account, without connecting the gateway: the
 * token ({@code GET /users/@me}; a 401 means "Discord rejected the token") and whether the
 * Message Content intent is enabled for the application ({@code GET /applications/@me}, its
 * {@code GATEWAY_MESSAGE_CONTENT} flags); without it Discord closes the gateway with 4014.
 */
public final class DiscordProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGE_CONTENT = 1 << 18;
    private static final int MESSAGE_CONTENT_LIMITED = 1 << 19;

    /** One finding: {@code ok}, or a problem ({@code fatal}: the account cannot run) and how to fix it. */
    public record Finding(String name, boolean ok, boolean fatal, String detail, String fix) {
    }

    private DiscordProbe() {
    }

    public static List<Finding> check(DiscordConfig config) {
        List<Finding> findings = new ArrayList<>();
        var accounts = DiscordAccountSettings.from(config);
        if (accounts.isEmpty()) {
            findings.add(new Finding("discord", false, true, "enabled without channels.discord.token",
                    "set token (e.g. \"${DISCORD_TOKEN}\") or disable the channel"));
            return findings;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String api = config.apiBaseUrl().replaceAll("/+$", "");
        for (DiscordAccountSettings a : accounts.values()) {
            findings.add(checkAccount(http, api, a));
        }
        if ("open".equals(config.dmPolicy())) {
            findings.add(new Finding("discord", false, false, "dmPolicy \"open\": any Discord user can use the agent",
                    "use \"pairing\" or \"allowlist\""));
        }
        if (config.guilds().containsKey("*")) {
            findings.add(new Finding("discord guilds", false, false, "\"*\" admits every server the bot is added to",
                    "list the guild ids instead of \"*\""));
        }
        return findings;
    }

    private static Finding checkAccount(HttpClient http, String api, DiscordAccountSettings a) {
        String name = "discord " + a.id();
        try {
            HttpResponse<String> me = get(http, api + "/users/@me", a.token());
            if (me.statusCode() == 401) {
                return new Finding(name, false, true, "Discord rejected the token",
                        "copy the bot token again from the Developer Portal (Bot > Reset Token)");
            }
            if (me.statusCode() != 200) {
                return new Finding(name, false, false, "Discord answered HTTP " + me.statusCode() + " to the token check",
                        "try again later");
            }
            String bot = JSON.readTree(me.body()).path("username").asText("?");
            HttpResponse<String> app = get(http, api + "/applications/@me", a.token());
            if (app.statusCode() != 200) {
                return new Finding(name, true, false, "token ok (bot " + bot + "); intents not checked (HTTP "
                        + app.statusCode() + ")", null);
            }
            JsonNode flags = JSON.readTree(app.body()).path("flags");
            if ((flags.asInt() & (MESSAGE_CONTENT | MESSAGE_CONTENT_LIMITED)) == 0) {
                return new Finding(name, false, true, "token ok (bot " + bot + "), but the Message Content intent is"
                        + " not enabled: Discord will close the gateway with 4014",
                        "enable it in the Developer Portal: Bot > Privileged Gateway Intents > Message Content");
            }
            return new Finding(name, true, false, "token ok (bot " + bot + "), Message Content intent enabled", null);
        } catch (IOException | IllegalArgumentException e) {
            return new Finding(name, false, false, "cannot reach Discord at " + api + ": " + e.getMessage(),
                    "check the network or channels.discord.apiBaseUrl");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Finding(name, false, false, "interrupted", null);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bot " + token)
                .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
