package io.pigateway.core;

/** A file that came with a message, already saved locally by the channel. */
public record MediaAttachment(String kind, String path, String mimeType, String fileName) {
}
