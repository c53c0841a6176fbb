package io.pigateway.core;

/** Where outbound text goes: a channel, an account, a chat and optionally a thread. */
public record ReplyTarget(String channel, String accountId, ChatScope scope, String chatId, String threadId,
                          String replyToMessageId) {
}
