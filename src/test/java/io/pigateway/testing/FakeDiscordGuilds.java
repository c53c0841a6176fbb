package io.pigateway.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The GUILD_CREATE payloads of {@link FakeDiscordServer}, with what JDA 6 requires of them: roles
 * with a {@code colors} object, the bot as a member (its permissions decide whether JDA lets it
 * send), {@code member_count}, and the arrays JDA reads without defaults.
 */
final class FakeDiscordGuilds {
    private static final String JOINED = "2026-01-01T00:00:00.000000+00:00";

    private FakeDiscordGuilds() {
    }

    /** @param channels [id, type ("0" text, "11" thread), parent id] */
    static ObjectNode guildCreate(String id, List<String[]> channels, ObjectNode bot) {
        ObjectNode g = FakeDiscordServer.MAPPER.createObjectNode().put("id", id).put("name", "Guild " + id)
                .put("owner_id", "1").put("member_count", 2).put("unavailable", false).put("large", false)
                .put("joined_at", JOINED).put("premium_progress_bar_enabled", false).put("preferred_locale", "en-US")
                .put("afk_timeout", 300).put("verification_level", 0).put("default_message_notifications", 0)
                .put("explicit_content_filter", 0).put("mfa_level", 0).put("nsfw_level", 0);
        ObjectNode everyone = g.putArray("roles").addObject().put("id", id).put("name", "@everyone")
                .put("permissions", "8").put("position", 0).put("color", 0).put("hoist", false)
                .put("managed", false).put("mentionable", false).put("flags", 0);
        everyone.putObject("colors").put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color");
        ArrayNode texts = g.putArray("channels");
        ArrayNode threads = g.putArray("threads");
        int position = 0;
        for (String[] c : channels) {
            if ("11".equals(c[1])) {
                ObjectNode t = threads.addObject().put("id", c[0]).put("type", 11).put("name", "thread " + c[0])
                        .put("parent_id", c[2]).put("guild_id", id).put("owner_id", "1").put("message_count", 0)
                        .put("member_count", 1).put("rate_limit_per_user", 0).put("flags", 0);
                t.putObject("thread_metadata").put("archived", false).put("auto_archive_duration", 1440)
                        .put("archive_timestamp", JOINED).put("locked", false);
            } else {
                ObjectNode t = texts.addObject().put("id", c[0]).put("type", 0).put("name", "channel-" + c[0])
                        .put("position", position++).put("guild_id", id).put("nsfw", false)
                        .put("rate_limit_per_user", 0);
                t.putArray("permission_overwrites");
            }
        }
        ObjectNode member = g.putArray("members").addObject();
        member.set("user", bot);
        member.putArray("roles");
        member.put("joined_at", JOINED).put("deaf", false).put("mute", false).put("flags", 0);
        for (String array : List.of("emojis", "stickers", "voice_states", "presences", "guild_scheduled_events",
                "features", "soundboard_sounds")) {
            g.putArray(array);
        }
        return g;
    }
}
