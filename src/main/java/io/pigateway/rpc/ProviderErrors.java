package io.pigateway.rpc;

import java.util.regex.Pattern;

/**
 * Tells a provider's failure (rate limit, overload, 5xx, network, provider timeout), which another
 * model may not have, from a failure another model would repeat (bad request, context overflow,
 * missing or wrong key). Reads the {@code errorMessage} pi puts on an assistant message with
 * stopReason {@code error} (PI-RPC.md §5): the same words pi's own auto-retry matches, plus
 * Anthropic's 529 "overloaded".
 */
public final class ProviderErrors {
    private static final Pattern PROVIDER = Pattern.compile(
            "overloaded|provider.?returned.?error|rate.?limit|too many requests|\\b429\\b|\\b5\\d\\d\\b"
                    + "|service.?unavailable|server.?error|internal.?error|network.?error|connection.?(error|refused|lost)"
                    + "|other side closed|fetch failed|upstream.?connect|socket hang up|timed? out|timeout|terminated",
            Pattern.CASE_INSENSITIVE);
    /** Failures of the request itself: every model would refuse it the same way. */
    private static final Pattern NOT_PROVIDER = Pattern.compile(
            "context.?(length|window)|too long|maximum context|prompt is too long|\\b40[0134]\\b|api.?key"
                    + "|unauthori[sz]ed|forbidden|authentication|invalid.?request",
            Pattern.CASE_INSENSITIVE);

    private ProviderErrors() {
    }

    /** Whether a failed turn's error is the provider's, so a fallback model may answer it. */
    public static boolean isProviderError(String errorMessage) {
        if (errorMessage == null || errorMessage.isBlank()) {
            return false;
        }
        return PROVIDER.matcher(errorMessage).find() && !NOT_PROVIDER.matcher(errorMessage).find();
    }
}
