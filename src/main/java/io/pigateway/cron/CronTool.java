package io.pigateway.cron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.config.CronConfig.CronJob;
import io.pigateway.core.ReplyTarget;
import io.pigateway.cron.CronService.CronException;
import io.pigateway.plugin.AgentToolSpec;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The agent's {@code cron} tool: {@code list}, {@code add}, {@code run}, {@code pause}, {@code resume},
 * {@code remove}. A job the agent adds announces back to the chat it was created from (or, for a
 * WebChat or API session, is posted into that session), and it never gets {@code allowShortInterval}:
 * the agent cannot lift the cost guard itself.
 */
final class CronTool {
    static final String NAME = "cron";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> CHAT_CHANNELS_WITHOUT_ADDRESS = java.util.Set.of("webchat", "api",
            "hooks", CronRunner.CHANNEL);

    private final CronService cron;
    private final Function<String, Optional<ReplyTarget>> chatOf;

    CronTool(CronService cron, Function<String, Optional<ReplyTarget>> chatOf) {
        this.cron = cron;
        this.chatOf = chatOf;
    }

    AgentToolSpec spec() {
        return new AgentToolSpec(NAME, "Manage scheduled tasks: list, add, run, pause, resume or remove cron jobs.",
                parameters(), this::call);
    }

    String call(String sessionKey, JsonNode args) throws Exception {
        String action = text(args, "action");
        if (action == null) {
            throw new IllegalArgumentException("action is required: list, add, run, pause, resume or remove");
        }
        try {
            Object result = switch (action.toLowerCase(Locale.ROOT)) {
                case "list" -> cron.list();
                case "add" -> cron.add(forChat(sessionKey, args));
                case "run" -> cron.runNow(id(args));
                case "pause" -> cron.pause(id(args));
                case "resume" -> cron.resume(id(args));
                case "remove" -> cron.remove(id(args));
                default -> throw new IllegalArgumentException("action must be list, add, run, pause, resume or remove");
            };
            return JSON.writeValueAsString(result);
        } catch (CronException e) {
            throw new IllegalArgumentException(e.getMessage()); // the agent reads it as the tool's error
        }
    }

    private CronJob forChat(String sessionKey, JsonNode args) {
        ObjectNode job = args.deepCopy();
        job.remove("action");
        job.remove("allowShortInterval");
        boolean unaddressed = !job.hasNonNull("delivery") && !job.hasNonNull("to") && !job.hasNonNull("sessionKey");
        if (unaddressed) {
            Optional<ReplyTarget> chat = chatOf.apply(sessionKey);
            if (chat.isPresent() && !CHAT_CHANNELS_WITHOUT_ADDRESS.contains(chat.get().channel())) {
                job.put("delivery", "announce").put("to", address(chat.get()));
            } else {
                job.put("delivery", "direct").put("sessionKey", sessionKey);
            }
        }
        return CronJobs.parse(job);
    }

    /** {@code channel:account:chatId[:topic:N]}, as {@code to} and {@code pi-gw send} take it. */
    static String address(ReplyTarget chat) {
        return chat.channel() + ":" + chat.accountId() + ":" + chat.chatId()
                + (chat.threadId() != null ? ":topic:" + chat.threadId() : "");
    }

    private static String id(JsonNode args) {
        String id = text(args, "id");
        if (id == null) {
            throw new IllegalArgumentException("id is required");
        }
        return id;
    }

    private static String text(JsonNode args, String field) {
        JsonNode v = args.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static JsonNode parameters() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode p = schema.putObject("properties");
        p.putObject("action").put("type", "string").putArray("enum").add("list").add("add").add("run").add("pause")
                .add("resume").add("remove");
        p.putObject("id").put("type", "string").put("description", "The job id (letters, digits, - and _)");
        ObjectNode schedule = p.putObject("schedule").put("type", "object");
        ObjectNode sp = schedule.putObject("properties");
        sp.putObject("kind").put("type", "string").putArray("enum").add("cron").add("every").add("at");
        sp.putObject("expr").put("type", "string")
                .put("description", "cron: 0 9 * * *; every: 30m, 1h, 1d; at: 2026-12-24T09:00:00Z");
        sp.putObject("timezone").put("type", "string").put("description", "IANA zone for cron, e.g. Europe/Berlin");
        p.putObject("task").put("type", "string").put("description", "What the agent does when the job runs");
        p.putObject("delivery").put("type", "string").put("description",
                "announce (to an address), direct (into sessionKey) or silent; default: back to this chat");
        p.putObject("to").put("type", "string").put("description", "For announce, e.g. telegram:1001");
        schema.putArray("required").add("action");
        return schema;
    }
}
