package io.pigateway.channel.discord;

import io.pigateway.core.ChatScope;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.channel.ChatCommand;
import io.pigateway.core.session.DmScope;
import io.pigateway.core.session.SessionKeys;
import io.pigateway.security.InboundPolicy;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord's own slash commands for the gateway's chat commands ({@code /new /stop /status /help}
 * and the plugins'): registered globally at READY, answered ephemerally (only the caller sees the
 * answer). The caller passes the same admission as a message (a stranger's DM gets the pairing
 * text) and the same session key; {@code /new} and {@code /stop} in a guild need the same right as
 * when typed.
 */
final class DiscordSlashCommands {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordSlashCommands.class);

    private final String accountId;
    private final Supplier<Collection<ChatCommand>> commands;
    private final InboundPolicy policy;
    private final String agentId;
    private final DmScope dmScope;
    private final DiscordGuildRules guilds;

    DiscordSlashCommands(String accountId, Supplier<Collection<ChatCommand>> commands, InboundPolicy policy,
                         String agentId, DmScope dmScope, DiscordGuildRules guilds) {
        this.accountId = accountId;
        this.guilds = guilds;
        this.commands = commands;
        this.policy = policy;
        this.agentId = agentId;
        this.dmScope = dmScope;
    }

    void register(JDA jda) {
        List<SlashCommandData> data = commands.get().stream()
                .map(c -> Commands.slash(c.name(), description(c.description()))
                        .addOption(OptionType.STRING, "args", "what follows the command", false))
                .toList();
        jda.updateCommands().addCommands(data).queue(ok -> LOG.debug("registered {} Discord slash commands", ok.size()),
                failed -> LOG.warn("could not register the Discord slash commands: {}", failed.getMessage()));
    }

    void answer(SlashCommandInteractionEvent event) {
        String name = event.getName().toLowerCase(Locale.ROOT);
        OptionMapping option = event.getOption("args");
        String args = option != null ? option.getAsString().strip() : "";
        ChatCommand command = commands.get().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        InboundMessage message = messageOf(event, "/" + name + (args.isEmpty() ? "" : " " + args));
        String reply;
        if (command == null) {
            reply = "Unknown command /" + name + ".";
        } else if (event.isFromGuild() && guilds.admit(event.getGuild().getId(), message.chatId()) == null) {
            reply = "This bot does not serve this server or channel.";
        } else {
            InboundPolicy.Verdict verdict = policy.decide(message);
            if (!verdict.allowed()) {
                reply = verdict.reply() != null ? verdict.reply() : "You cannot use this bot here.";
            } else if (("new".equals(name) || "stop".equals(name)) && !policy.mayControlSession(message)) {
                reply = "Only the people the operator named for this server can use /" + name + " here.";
            } else {
                reply = run(command, message, args);
            }
        }
        event.reply(reply.length() > DiscordOutbound.TEXT_LIMIT ? reply.substring(0, DiscordOutbound.TEXT_LIMIT) : reply)
                .setEphemeral(true).queue(ok -> { }, failed ->
                        LOG.warn("could not answer the Discord command /{}: {}", name, failed.getMessage()));
    }

    private String run(ChatCommand command, InboundMessage message, String args) {
        try {
            String reply = command.handler().handle(message, SessionKeys.forMessage(message, agentId, dmScope), args);
            return reply != null ? reply : "Send it as a message to the bot: /" + command.name() + " " + args;
        } catch (Exception e) {
            LOG.warn("the command /{} failed: {}", command.name(), e.toString());
            return "The command /" + command.name() + " failed; please try again later.";
        }
    }

    private InboundMessage messageOf(SlashCommandInteractionEvent event, String text) {
        ChatScope scope = ChatScope.DM;
        String chatId = event.getChannelId();
        String threadId = null;
        if (event.isFromGuild()) {
            scope = ChatScope.CHANNEL;
            if (event.getChannelType().isThread()) {
                ThreadChannel thread = event.getChannel().asThreadChannel();
                scope = ChatScope.THREAD;
                threadId = thread.getId();
                chatId = thread.getParentChannel().getId();
            }
        }
        return new InboundMessage(DiscordChannel.NAME, accountId, scope, chatId, threadId, event.getUser().getId(),
                event.getUser().getName(), text, List.of(), true, null, null);
    }

    private static String description(String text) {
        String d = text == null || text.isBlank() ? "command" : text;
        return d.length() > 100 ? d.substring(0, 100) : d;
    }
}
