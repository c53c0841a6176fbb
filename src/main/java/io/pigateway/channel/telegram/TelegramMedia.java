package io.pigateway.channel.telegram;

import io.pigateway.channel.telegram.TelegramOutbound.MediaType;
import java.nio.file.Path;

/**
 * A body for {@code direct:outbound} / {@code direct:outbound-telegram} (with the
 * {@link io.pigateway.core.GatewayHeaders#REPLY_TARGET} property) that sends a local file.
 */
public record TelegramMedia(Path file, MediaType type, String caption) {
}
