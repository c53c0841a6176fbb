package io.pigateway.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The INTERACTION_CREATE payloads of {@link FakeDiscordServer}'s slash commands, in a DM or in a
 * guild channel (with the member JDA builds the caller from).
 */
final class FakeDiscordInteractions {
    private FakeDiscordInteractions() {
    }

    /** Dispatches the command {@code name} of {@code userId}; a null {@code guildId} is a DM. Returns the interaction id. */
    static String run(FakeDiscordServer discord, String token, String guildId, String channelId, String userId,
                      String name) {
        String id = discord.nextId();
        ObjectNode i = FakeDiscordServer.MAPPER.createObjectNode().put("id", id)
                .put("application_id", discord.botId(token)).put("type", 2).put("token", "itoken" + id)
                .put("version", 1).put("channel_id", channelId).put("locale", "en-US").put("app_permissions", "8");
        if (guildId == null) {
            i.put("context", 1);
            ObjectNode channel = i.putObject("channel").put("id", channelId).put("type", 1);
            channel.putArray("recipients").add(FakeDiscordServer.user(userId, false));
            i.set("user", FakeDiscordServer.user(userId, false));
            i.putObject("authorizing_integration_owners").put("1", userId);
        } else {
            i.put("context", 0).put("guild_id", guildId).put("guild_locale", "en-US");
            i.putObject("guild").put("id", guildId).put("locale", "en-US").putArray("features"); // JDA finds its cache by it
            i.putObject("channel").put("id", channelId).put("type", 0).put("guild_id", guildId)
                    .put("name", "channel-" + channelId).put("position", 0).put("permissions", "8");
            ObjectNode member = i.putObject("member");
            member.set("user", FakeDiscordServer.user(userId, false));
            member.putArray("roles");
            member.put("joined_at", "2026-01-01T00:00:00.000000+00:00").put("deaf", false).put("mute", false)
                    .put("flags", 0).put("permissions", "8");
            i.putObject("authorizing_integration_owners").put("0", guildId);
        }
        i.putArray("entitlements");
        ObjectNode data = i.putObject("data").put("id", discord.nextId()).put("name", name).put("type", 1);
        data.putArray("options");
        discord.gateway(token).dispatch("INTERACTION_CREATE", i);
        return id;
    }
}
