package io.pigateway.channel.feishu;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import io.pigateway.core.channel.OutboundTexts;
import io.pigateway.core.lane.LaneFullException;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.InboundDedupe;
import io.pigateway.security.InboundPolicy;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one authenticated callback event (on a plain worker thread, never the HTTP route's):
 * translate {@code im.message.receive_v1}, drop a message seen before (Feishu may deliver one
 * message under two event ids), download its files when the sender is admitted, and submit it to
 * the pipeline, which applies the mention gate, policy, commands and session routing.
 */
final class FeishuInbound {
    private static final Logger LOG = LoggerFactory.getLogger(FeishuInbound.class);

    private final Supplier<FeishuEventTranslator> translator;
    private final InboundDedupe dedupe;
    private final GatewayService gateway;
    private final InboundPolicy policy;
    private final FeishuMediaDownloader media;
    private final OutboundTexts texts;

    /** @param translator the bot's translator (known once the bot's open_id was fetched at start) */
    FeishuInbound(Supplier<FeishuEventTranslator> translator, InboundDedupe dedupe, GatewayService gateway,
                  InboundPolicy policy, FeishuMediaDownloader media, OutboundTexts texts) {
        this.translator = translator;
        this.dedupe = dedupe;
        this.gateway = gateway;
        this.policy = policy;
        this.media = media;
        this.texts = texts;
    }

    void accept(JsonNode callback) {
        String type = callback.path("header").path("event_type").asText(callback.path("event").path("type").asText());
        if (!"im.message.receive_v1".equals(type)) {
            LOG.debug("Feishu event {} ignored", type);
            return;
        }
        FeishuEvent event = translator.get().translate(callback.path("event")).orElse(null);
        if (event == null) {
            return;
        }
        InboundMessage message = event.message();
        if (dedupe.seen(message)) {
            LOG.debug("dropping duplicate Feishu message {}", message.messageId());
            return;
        }
        if (!event.files().isEmpty() && policy.decide(message).allowed()) {
            // decided before downloading: a stranger's files never reach the disk
            List<MediaAttachment> files = media.download(message, event.files());
            message = new InboundMessage(message.channel(), message.accountId(), message.scope(), message.chatId(),
                    message.threadId(), message.senderId(), message.senderName(), message.text(), files,
                    message.mentioned(), message.messageId(), message.receivedAt());
        }
        try {
            gateway.submit(message, null, null);
        } catch (LaneFullException e) {
            try {
                texts.send(message.replyTarget(), "I am still busy with earlier messages; please try again in a moment.",
                        null);
            } catch (IllegalStateException refused) {
                LOG.warn("could not answer in Feishu chat {}: {}", message.chatId(), refused.getMessage());
            }
        }
    }
}
