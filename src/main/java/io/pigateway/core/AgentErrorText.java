package io.pigateway.core;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns pi's error text (written for its own terminal: "Use /login ...", doc paths under the
 * runtime folder, HTTP bodies from the provider) into one sentence a chat user can act on. Every
 * channel and {@code pi-gw doctor} show the agent's errors through {@link #forUser}; the raw text
 * belongs in the log only, because it names server paths and commands a chat user cannot run.
 */
public final class AgentErrorText {

    private static final Pattern NO_KEY = Pattern.compile(
            "No API key found for \"?([A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTH = Pattern.compile(
            "\\b(401|403)\\b|unauthori[sz]ed|invalid[ _-]?(x-)?api[ _-]?key|authentication|permission denied",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RATE_LIMIT = Pattern.compile(
            "\\b429\\b|rate[ _-]?limit|too many requests|quota", Pattern.CASE_INSENSITIVE);
    private static final Pattern OVERLOADED = Pattern.compile(
            "\\b529\\b|overloaded", Pattern.CASE_INSENSITIVE);
    private static final Pattern SERVER = Pattern.compile(
            "\\b5\\d\\d\\b|internal server error|bad gateway|service unavailable", Pattern.CASE_INSENSITIVE);
    private static final Pattern NETWORK = Pattern.compile(
            "ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|fetch failed|network|socket hang up|timed? ?out",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTEXT = Pattern.compile(
            "context[ _-]?(length|window|overflow)|prompt is too long|maximum context|too many tokens",
            Pattern.CASE_INSENSITIVE);

    /** pi's text when the provider's safety filter stopped the answer (OpenAI, Anthropic, Google wordings). */
    private static final Pattern CONTENT_FILTER = Pattern.compile(
            "content[ _-]?filter|refusal|\\bsafety\\b|\\bsensitive\\b", Pattern.CASE_INSENSITIVE);

    /** The variable pi reads for the providers people use most; others follow pi's NAME_API_KEY rule. */
    private static final Map<String, String> KEY_VARIABLES = Map.of(
            "anthropic", "ANTHROPIC_API_KEY",
            "openai", "OPENAI_API_KEY",
            "google", "GEMINI_API_KEY",
            "openrouter", "OPENROUTER_API_KEY",
            "groq", "GROQ_API_KEY",
            "mistral", "MISTRAL_API_KEY",
            "xai", "XAI_API_KEY");

    private AgentErrorText() {
    }

    /** The sentence for pi's error text; a fixed general sentence when the shape is not known. */
    public static String forUser(String piText) {
        String text = piText == null ? "" : piText;
        Matcher noKey = NO_KEY.matcher(text);
        if (noKey.find()) {
            String provider = noKey.group(1);
            return "The agent has no API key for " + provider + " yet. The operator can set "
                    + keyVariable(provider) + " for the gateway, or run `pi-gw doctor`.";
        }
        if (CONTENT_FILTER.matcher(text).find()) {
            return "The model provider's content filter stopped this answer. Please rephrase your message.";
        }
        if (CONTEXT.matcher(text).find()) {
            return "The conversation is too long for the model. Start a new session (/new) and send your message again.";
        }
        if (RATE_LIMIT.matcher(text).find()) {
            return "The model provider is rate-limiting the agent right now. Please wait a minute and send your message again.";
        }
        if (OVERLOADED.matcher(text).find()) {
            return "The model provider is overloaded right now. Please send your message again in a moment.";
        }
        if (AUTH.matcher(text).find()) {
            return "The model provider refused the agent's API key. The operator can check the key for the gateway, "
                    + "or run `pi-gw doctor`.";
        }
        if (SERVER.matcher(text).find()) {
            return "The model provider had an error. Please send your message again in a moment.";
        }
        if (NETWORK.matcher(text).find()) {
            return "The agent could not reach the model provider. Please try again; if it keeps failing, "
                    + "the operator can run `pi-gw doctor`.";
        }
        return "The model could not answer this time. Please send your message again; if it keeps failing, "
                + "the operator can run `pi-gw doctor`.";
    }

    /** Whether pi's error text says the provider's content filter stopped the answer. */
    public static boolean isContentFilter(String piText) {
        return piText != null && CONTENT_FILTER.matcher(piText).find();
    }

    /** The environment variable pi reads for the provider's key, e.g. ANTHROPIC_API_KEY. */
    static String keyVariable(String provider) {
        String known = KEY_VARIABLES.get(provider.toLowerCase(Locale.ROOT));
        return known != null ? known : provider.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_API_KEY";
    }
}
