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
 * {@code remove}. A job the agent adds announces back to the chat it was created from (a WebChat
 * session by its key; an API session has no chat, so the task is posted into it), and it never gets
 * {@code allowShortInterval}:
 * the agent cannot lift the cost guard itself. Like the other agent tools, a chat acts only on
 * itself: outside the operator's chats the agent sees and changes only the jobs added from its own
 * session, and they deliver to that chat or nowhere ({@code silent}).
 */
final class CronTool {
    static final String NAME = "cron";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> CHAT_CHANNELS_WITHOUT_ADDRESS = java.util.Set.of("webchat", "api",
            "hooks", CronRunner.CHANNEL);

    private final CronService cron;
    private final Function<String, Optional<ReplyTarget>> chatOf;
    private final java.util.function.Predicate<ReplyTarget> operatorChat;

    /** @param operatorChat whether a chat is the operator's (WebChat and API sessions always are) */
    CronTool(CronService cron, Function<String, Optional<ReplyTarget>> chatOf,
             java.util.function.Predicate<ReplyTarget> operatorChat) {
        this.cron = cron;
        this.chatOf = chatOf;
        this.operatorChat = operatorChat;
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
        boolean operator = chatOf.apply(sessionKey).map(chat -> CHAT_CHANNELS_WITHOUT_ADDRESS.contains(chat.channel())
                || operatorChat.test(chat)).orElse(true);
        try {
            Object result = switch (action.toLowerCase(Locale.ROOT)) {
                case "list" -> cron.list().stream().filter(j -> operator
                        || cron.owner(String.valueOf(j.get("id"))).filter(sessionKey::equals).isPresent()).toList();
                case "add" -> cron.add(forChat(sessionKey, args, operator), sessionKey);
                case "run" -> cron.runNow(mine(sessionKey, args, operator));
                case "pause" -> cron.pause(mine(sessionKey, args, operator));
                case "resume" -> cron.resume(mine(sessionKey, args, operator));
                case "remove" -> cron.remove(mine(sessionKey, args, operator));
                default -> throw new IllegalArgumentException("action must be list, add, run, pause, resume or remove");
            };
            return JSON.writeValueAsString(result);
        } catch (CronException e) {
            throw new IllegalArgumentException(e.getMessage()); // the agent reads it as the tool's error
        }
    }

    /** The job id, when this session may act on it: the operator on any job, others on their own. */
    private String mine(String sessionKey, JsonNode args, boolean operator) {
        String id = id(args);
        if (!operator && cron.owner(id).filter(sessionKey::equals).isEmpty()) {
            throw new IllegalArgumentException("job " + id + " was not added from this chat; only the operator can"
                    + " change it");
        }
        return id;
    }

    private CronJob forChat(String sessionKey, JsonNode args, boolean operator) {
        ObjectNode job = args.deepCopy();
        job.remove("action");
        job.remove("allowShortInterval");
        boolean unaddressed = !job.hasNonNull("delivery") && !job.hasNonNull("to") && !job.hasNonNull("sessionKey");
        if (!operator && !unaddressed && !"silent".equals(job.path("delivery").asText())) {
            throw new IllegalArgumentException("from this chat a job can only report back here (leave delivery, to"
                    + " and sessionKey out) or be silent");
        }
        if (!operator) {
            job.remove("to");
            job.remove("sessionKey");
        }
        if (unaddressed) {
            Optional<ReplyTarget> chat = chatOf.apply(sessionKey);
            if (chat.isPresent() && !CHAT_CHANNELS_WITHOUT_ADDRESS.contains(chat.get().channel())) {
                job.put("delivery", "announce").put("to", address(chat.get()));
            } else if (chat.isPresent() && "webchat".equals(chat.get().channel())) {
                job.put("delivery", "announce").put("to", "webchat:" + sessionKey); // a WebChat chat is its session
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
