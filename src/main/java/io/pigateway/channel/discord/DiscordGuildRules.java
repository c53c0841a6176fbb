package io.pigateway.channel.discord;

import io.pigateway.config.ChannelsConfig.DiscordGuildConfig;
import io.pigateway.core.channel.AdmissionRule.GroupAccess;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guild admission, the Telegram groups rule keyed by guild: only guilds listed under
 * {@code channels.discord.guilds} (or {@code "*"}) are served, optionally only some of their
 * channels. The pipeline's policy gate keys groups by chat (a Discord channel), so this also
 * remembers which guild each admitted channel belongs to and hands the gate that guild's
 * {@code allowFrom} per channel. Reads the config on every call, so a reload applies at once.
 */
final class DiscordGuildRules {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordGuildRules.class);
    private static final int MAX_CHATS = 10_000;

    private final Supplier<Map<String, DiscordGuildConfig>> guilds;
    private final Map<String, String> guildOfChat = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    /** Counts the channels admitted so far: {@link #groupAccess} changes only when it does. */
    private final AtomicLong chatsSeen = new AtomicLong();

    DiscordGuildRules(Supplier<Map<String, DiscordGuildConfig>> guilds) {
        this.guilds = guilds;
    }

    /** The guild's settings when it (and the channel) is served, else null (logged once per guild). */
    DiscordGuildConfig admit(String guildId, String chatId) {
        Map<String, DiscordGuildConfig> listed = guilds.get();
        DiscordGuildConfig guild = listed.containsKey(guildId) ? listed.get(guildId) : listed.get("*");
        if (guild == null) {
            logOnce("guild:" + guildId, "Ignoring Discord guild {}: it is not listed. To admit it, add"
                    + " channels.discord.guilds.\"{}\" to the config.", guildId, guildId);
            return null;
        }
        if (!guild.channels().isEmpty() && !guild.channels().contains(chatId)) {
            logOnce("channel:" + chatId, "Ignoring Discord channel {} of guild {}: it is not in"
                    + " channels.discord.guilds.\"{}\".channels.", chatId, guildId, guildId);
            return null;
        }
        if (guildOfChat.size() < MAX_CHATS && guildOfChat.put(chatId, guildId) == null) {
            chatsSeen.incrementAndGet();
        }
        return guild;
    }

    /** The settings of the guild an admitted channel belongs to (as the config says now), or null. */
    DiscordGuildConfig guildOfChat(String chatId) {
        String guildId = guildOfChat.get(chatId);
        if (guildId == null) {
            return null;
        }
        Map<String, DiscordGuildConfig> listed = guilds.get();
        return listed.containsKey(guildId) ? listed.get(guildId) : listed.get("*");
    }

    /** How many channels were admitted so far (grows with {@link #groupAccess}). */
    long chatsSeen() {
        return chatsSeen.get();
    }

    /** For the policy gate: each admitted channel seen so far, with its guild's {@code allowFrom}. */
    Map<String, GroupAccess> groupAccess() {
        Map<String, DiscordGuildConfig> listed = guilds.get();
        Map<String, GroupAccess> access = new HashMap<>();
        guildOfChat.forEach((chat, guildId) -> {
            DiscordGuildConfig guild = listed.containsKey(guildId) ? listed.get(guildId) : listed.get("*");
            if (guild != null) {
                access.put(chat, new GroupAccess(guild.allowFrom() != null ? Set.copyOf(guild.allowFrom()) : null));
            }
        });
        return access;
    }

    private void logOnce(String key, String format, Object... args) {
        if (logged.size() < MAX_CHATS && logged.add(key)) {
            LOG.info(format, args);
        }
    }
}
