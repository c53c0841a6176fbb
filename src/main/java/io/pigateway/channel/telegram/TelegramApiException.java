package io.pigateway.channel.telegram;

/**
 * A Bot API call failed. {@code status} is the HTTP status (0 for a network error),
 * {@code retryAfterSeconds} the server's {@code parameters.retry_after} on 429 (else 0).
 */
public final class TelegramApiException extends RuntimeException {
    private final int status;
    private final int retryAfterSeconds;

    public TelegramApiException(int status, String description, int retryAfterSeconds, Throwable cause) {
        super(description, cause);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Worth trying again: rate limits, server errors and network failures. */
    public boolean isRetryable() {
        return status == 0 || status == 429 || status >= 500;
    }

    /** Telegram refused our HTML ("can't parse entities"): re-send as plain text. */
    public boolean isEntityParseError() {
        return status == 400 && getMessage() != null && getMessage().toLowerCase().contains("can't parse entities");
    }

    /** The message to edit is gone (deleted, or never arrived): send it anew instead. */
    public boolean isMessageToEditNotFound() {
        return status == 400 && getMessage() != null && getMessage().contains("message to edit not found");
    }

    /** Telegram says the edit changes nothing; harmless. */
    public boolean isNotModified() {
        return status == 400 && getMessage() != null && getMessage().contains("message is not modified");
    }
}
