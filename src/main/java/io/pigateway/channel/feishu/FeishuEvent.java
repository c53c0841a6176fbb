package io.pigateway.channel.feishu;

import io.pigateway.core.InboundMessage;
import java.util.List;

/**
 * A translated {@code im.message.receive_v1}: the normalized message and the files to download
 * before it goes in (images and files live in Feishu until fetched by message id and key).
 */
record FeishuEvent(InboundMessage message, List<FileRef> files) {

    /** A file of the message: {@code type} is {@code image} or {@code file} (the resources API's). */
    record FileRef(String type, String key, String fileName) {
    }
}
