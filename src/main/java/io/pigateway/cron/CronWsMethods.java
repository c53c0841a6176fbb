package io.pigateway.cron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.cron.CronService.CronException;
import io.pigateway.plugin.GatewayMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code cron.*} WebSocket methods over {@link CronService}. A refusal answers
 * {@code {"error":{"code","message"}}}, which the WebSocket layer turns into an error frame.
 */
public final class CronWsMethods {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CronWsMethods() {
    }

    public static Map<String, GatewayMethod> of(CronService cron) {
        Map<String, GatewayMethod> m = new LinkedHashMap<>();
        m.put("cron.list", p -> answer(p, x -> Map.of("jobs", cron.list())));
        m.put("cron.get", p -> answer(p, x -> cron.get(id(x))));
        m.put("cron.runs", p -> answer(p, x -> Map.of("id", id(x), "runs", cron.runs(id(x)))));
        m.put("cron.run", p -> answer(p, x -> cron.runNow(id(x))));
        m.put("cron.pause", p -> answer(p, x -> cron.pause(id(x))));
        m.put("cron.resume", p -> answer(p, x -> cron.resume(id(x))));
        m.put("cron.remove", p -> answer(p, x -> cron.remove(id(x))));
        m.put("cron.add", p -> answer(p, x -> cron.add(CronJobs.parse(x.has("job") ? x.get("job") : x))));
        return m;
    }

    private static JsonNode answer(JsonNode params, Function<JsonNode, Object> call) {
        try {
            return JSON.valueToTree(call.apply(params != null ? params : JSON.createObjectNode()));
        } catch (CronException e) {
            ObjectNode error = JSON.createObjectNode();
            error.putObject("error").put("code", e.code()).put("message", e.getMessage());
            return error;
        }
    }

    private static String id(JsonNode params) {
        JsonNode id = params.get("id");
        if (id == null || !id.isTextual()) {
            throw new CronException("bad_request", "\"id\" must be a job id string");
        }
        return id.asText();
    }
}
