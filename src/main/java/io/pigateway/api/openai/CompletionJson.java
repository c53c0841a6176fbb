package io.pigateway.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.api.ApiJson;
import io.pigateway.core.TurnUsage;

/**
 * The JSON of OpenAI's Chat Completions answers, built from a turn: the whole
 * {@code chat.completion}, the {@code chat.completion.chunk}s of a stream, {@code usage}, and
 * {@code finish_reason} from pi's stop reason. Pure, so the exact shapes are unit-tested.
 */
final class CompletionJson {
    private CompletionJson() {
    }

    /**
     * pi's stop reason as OpenAI's {@code finish_reason}: {@code length} when the model hit its
     * token limit, {@code content_filter} when the provider's filter stopped it, else {@code stop}
     * (also for {@code aborted}: the text so far is the answer; {@code toolUse} never ends a run).
     */
    static String finishReason(String piStopReason) {
        if (piStopReason == null) {
            return "stop";
        }
        return switch (piStopReason) {
            case "length" -> "length";
            case "content_filter" -> "content_filter";
            default -> "stop";
        };
    }

    /** {@code chatcmpl-<runId>}: one id per turn, shared by all chunks of a stream. */
    static String id(String runId) {
        return "chatcmpl-" + (runId != null ? runId : "pi");
    }

    static ObjectNode completion(String id, long created, String model, String text, String finishReason,
                                 TurnUsage usage) {
        ObjectNode root = base(id, "chat.completion", created, model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        root.set("usage", usage(usage));
        return root;
    }

    /** A chunk whose delta carries the role (first chunk) and/or content; {@code finishReason} null but in the last. */
    static ObjectNode chunk(String id, long created, String model, String role, String content, String finishReason) {
        ObjectNode root = base(id, "chat.completion.chunk", created, model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        choice.putNull("logprobs");
        if (finishReason != null) {
            choice.put("finish_reason", finishReason);
        } else {
            choice.putNull("finish_reason");
        }
        return root;
    }

    /** The extra last chunk {@code stream_options.include_usage} asks for: no choices, only usage. */
    static ObjectNode usageChunk(String id, long created, String model, TurnUsage usage) {
        ObjectNode root = base(id, "chat.completion.chunk", created, model);
        root.putArray("choices");
        root.set("usage", usage(usage));
        return root;
    }

    static ObjectNode usage(TurnUsage usage) {
        ObjectNode u = ApiJson.MAPPER.createObjectNode();
        u.put("prompt_tokens", usage.prompt()).put("completion_tokens", usage.output())
                .put("total_tokens", usage.totalOrSum());
        u.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheRead());
        return u;
    }

    private static ObjectNode base(String id, String object, long created, String model) {
        ObjectNode root = ApiJson.MAPPER.createObjectNode();
        root.put("id", id).put("object", object).put("created", created).put("model", model);
        root.putNull("system_fingerprint");
        return root;
    }
}
