package io.pigateway.app.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a gateway already running on the configured port says about itself ({@code GET /health},
 * no token needed): a channel account that is parked or down, store writes that fail. Nothing
 * when no gateway answers (doctor is mostly run before the first start).
 */
final class RunningGatewayCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningGatewayCheck() {
    }

    static List<CheckResult> run(String baseUrl) {
        JsonNode health;
        try {
            HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).timeout(Duration.ofSeconds(5))
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
            health = JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            return List.of(); // none running (or not a gateway): the offline checks say the rest
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return of(baseUrl, health);
    }

    /** One line per account not up and per failing store write, else one ok line. */
    static List<CheckResult> of(String baseUrl, JsonNode health) {
        List<CheckResult> results = new ArrayList<>();
        health.path("checks").fields().forEachRemaining(check -> {
            check.getValue().path("accounts").fields().forEachRemaining(account -> {
                JsonNode a = account.getValue();
                if ("up".equals(a.path("state").asText("up"))) {
                    return;
                }
                String name = "running " + check.getKey().replaceFirst("^channel-", "") + " account " + account.getKey();
                String detail = a.path("state").asText() + ": " + a.path("reason").asText("no reason given")
                        + (a.has("since") ? " (since " + a.path("since").asText() + ")" : "");
                String channel = check.getKey().replaceFirst("^channel-", "");
                results.add(a.path("reason").asText("").startsWith("parked")
                        ? CheckResult.fail(name, detail, "fix the cause, then POST /api/channels/" + channel
                        + "/restart or reload the config")
                        : CheckResult.warn(name, detail, "it is retried; see the gateway's log"));
            });
            if (check.getValue().path("degraded").asBoolean(false)) {
                results.add(CheckResult.warn("running " + check.getKey(), check.getValue().path("message").asText(),
                        "check the data dir's disk space and permissions, and that no other process holds state.db"));
            }
        });
        if (results.isEmpty()) {
            results.add(CheckResult.ok("running gateway", baseUrl + " is " + health.path("status").asText("?")));
        }
        return results;
    }
}
