package io.pigateway.cron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.config.CronConfig.CronJob;
import io.pigateway.cron.CronService.CronException;

/** Reads a job definition from JSON (API bodies, WebSocket params, the agent's tool arguments). */
public final class CronJobs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CronJobs() {
    }

    /** The job in {@code node}; a field of the wrong type is refused by name. */
    public static CronJob parse(JsonNode node) {
        try {
            return JSON.treeToValue(node, CronJob.class);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").reduce((a, b) -> a + "." + b).orElse("job");
            throw new CronException("bad_request", field + ": wrong type");
        } catch (Exception e) {
            throw new CronException("bad_request", "not a cron job: " + e.getMessage());
        }
    }
}
