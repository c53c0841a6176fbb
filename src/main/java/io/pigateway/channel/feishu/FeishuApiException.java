package io.pigateway.channel.feishu;

/** A Feishu Open API refusal: the HTTP status and Feishu's own {@code code} / {@code msg}. */
public final class FeishuApiException extends RuntimeException {
    /** The tenant access token is invalid or expired. */
    static final int TOKEN_INVALID = 99991663;
    static final int TOKEN_MISSING_OR_INVALID = 99991661;
    /** The app hit a rate limit (also HTTP 429). */
    static final int RATE_LIMITED = 99991400;

    private final int status;
    private final int code;

    public FeishuApiException(int status, int code, String message) {
        super("HTTP " + status + ", code " + code + ": " + message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    boolean isTokenInvalid() {
        return code == TOKEN_INVALID || code == TOKEN_MISSING_OR_INVALID;
    }

    boolean isRateLimited() {
        return status == 429 || code == RATE_LIMITED;
    }

    /** Worth another try: rate limits and the platform's own failures. */
    boolean isTransient() {
        return isRateLimited() || status >= 500 || status == 0;
    }
}
