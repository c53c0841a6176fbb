package io.pigateway.cron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.config.CronConfig.CronJob;
import io.pigateway.cron.CronService.CronException;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The cron REST API as platform-http routes (behind the gateway token like every {@code /api} route):
 * {@code GET|POST /api/cron/jobs}, {@code GET|PUT|DELETE /api/cron/jobs/{id}},
 * {@code POST /api/cron/jobs/{id}/run|pause|resume} and {@code GET /api/cron/jobs/{id}/runs}.
 */
final class CronHttpRoutes extends RouteBuilder {
    static final ObjectMapper JSON = new ObjectMapper();
    private final CronService cron;

    CronHttpRoutes(CronService cron) {
        this.cron = cron;
    }

    @Override
    public void configure() {
        from("platform-http:/api/cron/jobs?httpMethodRestrict=GET,POST").routeId("api-cron-jobs")
                .process(ex -> answer(ex, () -> isGet(ex) ? Map.of("jobs", cron.list()) : cron.add(body(ex))));
        from("platform-http:/api/cron/jobs/{id}?httpMethodRestrict=GET,PUT,DELETE").routeId("api-cron-job")
                .process(this::jobRoute);
        from("platform-http:/api/cron/jobs/{id}/{action}?httpMethodRestrict=GET,POST").routeId("api-cron-action")
                .process(this::action);
    }

    private void jobRoute(Exchange ex) {
        String id = ex.getMessage().getHeader("id", String.class);
        String method = ex.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        answer(ex, () -> switch (method) {
            case "PUT" -> cron.update(id, body(ex));
            case "DELETE" -> cron.remove(id);
            default -> cron.get(id);
        });
    }

    private void action(Exchange ex) {
        String id = ex.getMessage().getHeader("id", String.class);
        String action = ex.getMessage().getHeader("action", String.class);
        boolean get = isGet(ex);
        answer(ex, () -> switch (action) {
            case "runs" -> get ? Map.of("id", id, "runs", cron.runs(id)) : null;
            case "run" -> get ? null : cron.runNow(id);
            case "pause" -> get ? null : cron.pause(id);
            case "resume" -> get ? null : cron.resume(id);
            default -> null;
        });
    }

    private static boolean isGet(Exchange ex) {
        return "GET".equals(ex.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
    }

    /** The request body as a job; the id of the path wins for PUT when the body has none. */
    private static CronJob body(Exchange ex) {
        String body = ex.getMessage().getBody(String.class);
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            throw new CronException("bad_request", "the body is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new CronException("bad_request", "the body must be a JSON object (a cron job)");
        }
        String pathId = ex.getMessage().getHeader("id", String.class);
        if (pathId != null && !object.has("id")) {
            object.put("id", pathId);
        }
        return CronJobs.parse(object);
    }

    private static void answer(Exchange ex, Supplier<Object> call) {
        Object payload;
        int status = 200;
        try {
            payload = call.get();
            if (payload == null) {
                status = 404;
                payload = error("not_found", "no such cron operation");
            }
        } catch (CronException e) {
            status = e.status();
            payload = error(e.code(), e.getMessage());
        }
        // platform-http copies message headers into the response: drop the request's first
        ex.getMessage().removeHeaders("*");
        try {
            ex.getMessage().setBody(JSON.writeValueAsString(payload));
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize the cron answer", e);
        }
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }
}
