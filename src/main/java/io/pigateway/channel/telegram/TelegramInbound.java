package io.pigateway.channel.telegram;

import io.pigateway.core.channel.OutboundTexts;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.lane.LaneFullException;
import io.pigateway.security.InboundPolicy;
import io.pigateway.pipeline.InboundDedupe;
import io.pigateway.pipeline.InboundJournal;
import io.pigateway.pipeline.InboundMessageJson;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts one update of one account, from the poller or the webhook: translate, drop duplicates
 * (the pipeline remembers every message id; see InboundDedupe), run commands, download media, and
 * submit the message to {@code direct:inbound}. Returns normally once the update is durably
 * handled (a message for the agent is in the {@link InboundJournal} first, so a crash before its
 * answer does not lose it); throws when it should be delivered again.
 */
final class TelegramInbound {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramInbound.class);
    private static final String BUSY = "I am still busy with earlier messages; please try again in a moment.";

    private final InboundDedupe dedupe;
    private final GatewayService gateway;
    private final InboundPolicy policy;
    private final TelegramMediaDownloader media;
    private final OutboundTexts texts;
    private final InboundJournal journal;

    TelegramInbound(InboundDedupe dedupe, InboundJournal journal, GatewayService gateway, InboundPolicy policy,
                    TelegramMediaDownloader media, OutboundTexts texts) {
        this.dedupe = dedupe;
        this.journal = journal;
        this.gateway = gateway;
        this.policy = policy;
        this.media = media;
        this.texts = texts;
    }

    void accept(TelegramBotApi api, TelegramUpdateTranslator translator, JsonNode raw) {
        TelegramUpdate update = translator.translate(raw);
        if (update.kind() == TelegramUpdate.Kind.IGNORED) {
            return;
        }
        InboundMessage message = update.message();
        if (dedupe.seen(message)) { // checked here too, so a redelivered file is not downloaded again
            LOG.debug("dropping duplicate Telegram message {}:{}", message.chatId(), message.messageId());
            return;
        }
        if (update.kind() == TelegramUpdate.Kind.COMMAND) {
            handleCommand(update.command(), message, update.role());
        } else if (!update.files().isEmpty() && !policy.decide(message).allowed()) {
            // decided before downloading: a stranger's files never reach the disk (the pipeline
            // decides again on the text alone and sends the pairing code where one is due)
            submit(message, update.role());
        } else {
            List<MediaAttachment> files = update.files().isEmpty() ? List.of()
                    : media.download(api, message, update.files());
            submit(files.isEmpty() ? message : withMedia(message, files), update.role());
        }
    }

    /** Commands are the pipeline's (every channel has them): answered at once, so not journaled. */
    private void handleCommand(String command, InboundMessage message, String role) {
        try {
            gateway.submit(message, null, null, role);
        } catch (LaneFullException e) {
            reply(message, BUSY);
        }
    }

    private void submit(InboundMessage message, String role) {
        String key = journalKey(message);
        journal.accept(message.channel(), message.accountId(), platformId(message), null,
                InboundMessageJson.write(message, role));
        try {
            if (gateway.submit(message, null, null, role) == null) {
                journal.done(key); // filtered out (e.g. a group message not for the bot): no turn follows
            } else if (gateway.lanesInBroker()) {
                journal.queued(key);
            }
        } catch (LaneFullException e) {
            journal.done(key);
            reply(message, BUSY);
        }
    }

    /** Telegram's message ids are unique per chat only. */
    private static String platformId(InboundMessage m) {
        return m.chatId() + ":" + m.messageId();
    }

    /** The journal key of a Telegram message (the answer marks it started and done). */
    static String journalKey(InboundMessage m) {
        return InboundJournal.key(m.channel(), m.accountId(), platformId(m));
    }

    private void reply(InboundMessage message, String text) {
        ReplyTarget target = message.replyTarget();
        try {
            texts.send(target, text, null); // through direct:outbound, like every text
        } catch (IllegalStateException e) {
            LOG.warn("could not answer in Telegram chat {}: {}", target.chatId(), e.getMessage());
        }
    }

    private static InboundMessage withMedia(InboundMessage m, List<MediaAttachment> files) {
        return new InboundMessage(m.channel(), m.accountId(), m.scope(), m.chatId(), m.threadId(), m.senderId(),
                m.senderName(), m.text(), files, m.mentioned(), m.messageId(), m.receivedAt());
    }
}
