package io.pigateway.channel.discord;

import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDA events of one account, turned into the channel's work: messages into
 * {@link DiscordInbound}, slash commands into {@link DiscordSlashCommands}, READY into the
 * command registration, a final shutdown into the connection's failure reason.
 */
final class DiscordListener extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordListener.class);

    private final DiscordConnection connection;
    private final DiscordMessageTranslator translator;
    private final DiscordInbound inbound;
    private final DiscordSlashCommands commands;

    DiscordListener(DiscordConnection connection, DiscordMessageTranslator translator, DiscordInbound inbound,
                    DiscordSlashCommands commands) {
        this.connection = connection;
        this.translator = translator;
        this.inbound = inbound;
        this.commands = commands;
    }

    @Override
    public void onReady(ReadyEvent event) {
        LOG.info("Discord bot {} is connected", event.getJDA().getSelfUser().getName());
        commands.register(event.getJDA());
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        try {
            inbound.accept(translator, event.getMessage(), event.getJDA().getSelfUser().getIdLong());
        } catch (RuntimeException e) {
            // never let one message kill JDA's event thread
            LOG.warn("could not take in Discord message {}: {}", event.getMessageId(), e.toString());
        }
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        commands.answer(event);
    }

    @Override
    public void onShutdown(ShutdownEvent event) {
        connection.closedFor(event.getCloseCode(), event.getCode());
    }
}
