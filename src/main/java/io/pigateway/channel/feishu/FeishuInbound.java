package io.pigateway.channel.feishu;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.channel.feishu.FeishuEvent.FileRef;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import io.pigateway.core.channel.OutboundTexts;
import io.pigateway.core.lane.LaneFullException;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.InboundDedupe;
import io.pigateway.pipeline.InboundJournal;
import io.pigateway.pipeline.InboundMessageJson;
import io.pigateway.security.InboundPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one authenticated callback event in two steps. {@link #admit} runs before the callback
 * answers 200: it translates {@code im.message.receive_v1} and writes the message, with references
 * to its files, to the {@link InboundJournal} (keyed by Feishu's message id, so a redelivery under
 * the same or another event id finds it pending and is dropped; a crash after the 200 leaves it for
 * the restart to re-run). The step it returns runs after the 200, on a worker thread: drop a message
 * answered before (the pipeline's persisted dedupe), download its files when the sender is admitted
 * ({@link #prepare}, which a re-run after a restart repeats), and submit it to the pipeline.
 */
final class FeishuInbound {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuInbound.class);
    /** The kind of a journaled file reference: not downloaded yet, its path is {@code type/key}. */
    static final String PENDING_FILE = "feishu-resource";
    private static final String BUSY = "I am still busy with earlier messages; please try again in a moment.";
    private static final String FAILED = "I could not take in your message; please send it again in a moment.";

    private final Supplier<FeishuEventTranslator> translator;
    private final InboundDedupe dedupe;
    private final InboundJournal journal;
    private final GatewayService gateway;
    private final InboundPolicy policy;
    private final FeishuMediaDownloader media;
    private final OutboundTexts texts;

    /** @param translator the bot's translator (known once the bot's open_id was fetched) */
    FeishuInbound(Supplier<FeishuEventTranslator> translator, InboundDedupe dedupe, InboundJournal journal,
                  GatewayService gateway, InboundPolicy policy, FeishuMediaDownloader media, OutboundTexts texts) {
        this.translator = translator;
        this.dedupe = dedupe;
        this.journal = journal;
        this.gateway = gateway;
        this.policy = policy;
        this.media = media;
        this.texts = texts;
    }

    /**
     * Journals the event's message before the acknowledgment; returns what is left to do after it, or
     * null when nothing is (not a message, not translatable, already pending). Throws when the
     * message could not be journaled: the callback then refuses, and Feishu delivers it again.
     */
    Runnable admit(JsonNode callback) {
        String type = callback.path("header").path("event_type").asText(callback.path("event").path("type").asText());
        if (!"im.message.receive_v1".equals(type)) {
            LOG.debug("Feishu event {} ignored", type);
            return null;
        }
        FeishuEvent event = translator.get().translate(callback.path("event")).orElse(null);
        if (event == null) {
            return null;
        }
        InboundMessage message = withFiles(event.message(), references(event.files()));
        // commands are answered at once: not journaled (a restart must not run /new again)
        boolean command = message.text() != null && message.text().strip().startsWith("/");
        if (!command && !journal.accept(message.channel(), message.accountId(), message.messageId(), null,
                InboundMessageJson.write(message, null))) {
            LOG.debug("Feishu message {} is pending already: a redelivery, dropped", message.messageId());
            return null;
        }
        return () -> handle(message, !command);
    }

    private void handle(InboundMessage journaled, boolean inJournal) {
        String key = journalKey(journaled);
        if (dedupe.seen(journaled)) { // answered before: checked here so its files are not fetched again
            LOG.debug("dropping duplicate Feishu message {}", journaled.messageId());
            journal.done(key);
            return;
        }
        try {
            if (gateway.submit(prepare(journaled), null, null) == null && inJournal) {
                journal.done(key); // filtered out (mention gate, policy, a duplicate): no turn follows
            }
        } catch (LaneFullException e) {
            journal.done(key);
            tell(journaled, BUSY);
        } catch (RuntimeException e) { // e.g. its files could not be saved: Feishu has its 200 and will not retry
            LOG.warn("Feishu message {} could not be taken in: {}", journaled.messageId(), e.toString());
            journal.done(key);
            tell(journaled, FAILED);
        }
    }

    private void tell(InboundMessage message, String text) {
        try {
            texts.send(message.replyTarget(), text, null);
        } catch (IllegalStateException refused) {
            LOG.warn("could not answer in Feishu chat {}: {}", message.chatId(), refused.getMessage());
        }
    }

    /**
     * The message with its file references replaced by the downloaded files, fetched only when the
     * sender is admitted (a stranger's files never reach the disk).
     */
    InboundMessage prepare(InboundMessage message) {
        List<FileRef> refs = new ArrayList<>();
        for (MediaAttachment a : message.media()) {
            if (PENDING_FILE.equals(a.kind()) && a.path() != null && a.path().contains("/")) {
                int slash = a.path().indexOf('/');
                refs.add(new FileRef(a.path().substring(0, slash), a.path().substring(slash + 1), a.fileName()));
            }
        }
        if (refs.isEmpty()) {
            return message;
        }
        List<MediaAttachment> files = policy.decide(message).allowed() ? media.download(message, refs) : List.of();
        return withFiles(message, files);
    }

    static String journalKey(InboundMessage m) {
        return InboundJournal.key(m.channel(), m.accountId(), m.messageId());
    }

    private static List<MediaAttachment> references(List<FileRef> files) {
        return files.stream().map(f -> new MediaAttachment(PENDING_FILE, f.type() + "/" + f.key(), null, f.fileName()))
                .toList();
    }

    private static InboundMessage withFiles(InboundMessage m, List<MediaAttachment> files) {
        return new InboundMessage(m.channel(), m.accountId(), m.scope(), m.chatId(), m.threadId(), m.senderId(),
                m.senderName(), m.text(), files, m.mentioned(), m.messageId(), m.receivedAt());
    }
}
