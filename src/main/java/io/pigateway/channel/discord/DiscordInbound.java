package io.pigateway.channel.discord;

import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import io.pigateway.core.channel.OutboundTexts;
import io.pigateway.core.lane.LaneFullException;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.InboundDedupe;
import io.pigateway.pipeline.InboundJournal;
import io.pigateway.pipeline.InboundMessageJson;
import io.pigateway.security.InboundPolicy;
import java.util.List;
import net.dv8tion.jda.api.entities.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in one Discord message of one account: translate, drop what the gateway already took in
 * (a RESUME replays events; the pipeline's dedupe is persisted, so a restart does not answer an old
 * message again), download attachments of admitted senders only, and submit to
 * {@code direct:inbound}, where commands, the policy gate and the session router run.
 */
final class DiscordInbound {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordInbound.class);

    private final InboundDedupe dedupe;
    private final GatewayService gateway;
    private final InboundPolicy policy;
    private final DiscordMediaDownloader media;
    private final OutboundTexts texts;
    private final InboundJournal journal;

    DiscordInbound(InboundDedupe dedupe, InboundJournal journal, GatewayService gateway, InboundPolicy policy,
                   DiscordMediaDownloader media, OutboundTexts texts) {
        this.dedupe = dedupe;
        this.journal = journal;
        this.gateway = gateway;
        this.policy = policy;
        this.media = media;
        this.texts = texts;
    }

    void accept(DiscordMessageTranslator translator, Message raw, long botId) {
        DiscordIncoming incoming = translator.translate(raw, botId);
        if (incoming == null) {
            return;
        }
        InboundMessage message = incoming.message();
        // the pipeline drops duplicates; checked here first only when a replay would download files again
        if (!incoming.files().isEmpty() && dedupe.seen(message)) {
            LOG.debug("dropping duplicate Discord message {}:{}", message.chatId(), message.messageId());
            return;
        }
        if (!incoming.files().isEmpty() && policy.decide(message).allowed()) {
            List<MediaAttachment> files = media.download(message, incoming.files());
            if (!files.isEmpty()) {
                message = new InboundMessage(message.channel(), message.accountId(), message.scope(),
                        message.chatId(), message.threadId(), message.senderId(), message.senderName(),
                        message.text(), files, message.mentioned(), message.messageId(), message.receivedAt());
            }
        }
        // commands are answered at once: not journaled (a restart must not run /new again)
        boolean journaled = !message.text().strip().startsWith("/") && journal.accept(message.channel(),
                message.accountId(), message.messageId(), null, InboundMessageJson.write(message, incoming.role()));
        try {
            boolean taken = gateway.submit(message, null, null, incoming.role()) != null;
            if (!taken && journaled) {
                journal.done(journalKey(message)); // filtered out (not for the bot, a duplicate): no turn follows
            } else if (journaled && gateway.lanesInBroker()) {
                journal.queued(journalKey(message));
            }
        } catch (LaneFullException e) {
            if (journaled) {
                journal.done(journalKey(message));
            }
            try {
                texts.send(message.replyTarget(), "I am still busy with earlier messages; please try again in a moment.",
                        null);
            } catch (IllegalStateException refused) {
                LOG.warn("could not answer in Discord channel {}: {}", message.chatId(), refused.getMessage());
            }
        }
    }

    /** Discord's message ids (snowflakes) are unique across channels. */
    static String journalKey(InboundMessage m) {
        return InboundJournal.key(m.channel(), m.accountId(), m.messageId());
    }
}
