package io.pigateway.channel.feishu;

import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.channel.ChannelActionException;
import io.pigateway.core.channel.ChatActions;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import io.pigateway.pipeline.OutboundRoutes;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * The agent tools on Feishu: texts through the gateway's outbound route (hooks apply; Feishu
 * message ids are strings, so the id comes back in {@link FeishuChannel#MESSAGE_ID}), the other
 * actions straight through the IM API. Feishu's refusal is what the agent reads.
 */
final class FeishuActions implements ChatActions {
    /** Common emoji to Feishu's reaction names; a name like {@code THUMBSUP} passes as it is. */
    private static final Map<String, String> EMOJI = Map.of("👍", "THUMBSUP", "❤️", "HEART", "❤", "HEART",
            "😂", "LAUGH", "👌", "OK", "🎉", "PARTY", "👏", "APPLAUSE", "✅", "DONE", "🙏", "THANKS", "😄", "SMILE");

    private final Supplier<FeishuOutbound> outbound;
    private final Supplier<ProducerTemplate> template;

    /** @param outbound the client in use now (a credentials reload swaps it) */
    FeishuActions(Supplier<FeishuOutbound> outbound, Supplier<ProducerTemplate> template) {
        this.outbound = outbound;
        this.template = template;
    }

    @Override
    public String send(ReplyTarget chat, String text, String replyTo) {
        ProducerTemplate producer = template.get();
        Exchange exchange = new DefaultExchange(producer.getCamelContext());
        exchange.getMessage().setBody(new SendText(0, text));
        if (replyTo != null) {
            exchange.getMessage().setHeader(FeishuChannel.REPLY_TO, replyTo);
        }
        exchange.setProperty(GatewayHeaders.REPLY_TARGET, chat);
        Exchange done = producer.send(OutboundRoutes.OUTBOUND, exchange);
        if (done.getException() != null) {
            throw new ChannelActionException("Feishu refused: " + done.getException().getMessage());
        }
        if (done.getProperty(GatewayHeaders.REJECTED) != null) {
            throw new ChannelActionException("not sent: a message_sending hook of the gateway cancelled this message");
        }
        return done.getMessage().getHeader(FeishuChannel.MESSAGE_ID, "", String.class);
    }

    @Override
    public String sendMedia(ReplyTarget chat, Path file, String type, String caption) {
        String kind = type == null ? "document" : type.strip().toLowerCase(Locale.ROOT);
        if (!kind.matches("photo|document|audio|video|sticker")) {
            throw new ChannelActionException("unknown media type '" + type + "' (photo, audio, document, video or sticker)");
        }
        String id = call(() -> outbound.get().sendMedia(chat, file, kind.equals("photo") || kind.equals("sticker")));
        if (caption != null && !caption.isBlank()) {
            call(() -> outbound.get().sendText(chat, caption, id));
        }
        return id;
    }

    @Override
    public void react(ReplyTarget chat, String messageId, String emoji) {
        String name = emoji == null ? "" : emoji.strip();
        String type = EMOJI.getOrDefault(name, name.matches("[A-Za-z_]+") ? name.toUpperCase(Locale.ROOT) : null);
        if (type == null) {
            throw new ChannelActionException("Feishu reacts with its own names (THUMBSUP, HEART, OK, SMILE...) or "
                    + String.join(" ", EMOJI.keySet()));
        }
        call(() -> {
            outbound.get().react(messageId, type);
            return null;
        });
    }

    @Override
    public void edit(ReplyTarget chat, String messageId, String text) {
        call(() -> {
            outbound.get().editText(messageId, text);
            return null;
        });
    }

    @Override
    public void delete(ReplyTarget chat, String messageId) {
        call(() -> {
            outbound.get().delete(messageId);
            return null;
        });
    }

    @Override
    public void pin(ReplyTarget chat, String messageId) {
        call(() -> {
            outbound.get().pin(messageId);
            return null;
        });
    }

    private static String call(Supplier<String> action) {
        try {
            return action.get();
        } catch (FeishuApiException e) {
            throw new ChannelActionException("Feishu refused: " + e.getMessage());
        }
    }
}
