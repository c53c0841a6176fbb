package io.pigateway.api.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.api.ApiJson;
import io.pigateway.api.ControlPlane;
import io.pigateway.api.ErrorShapes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;

/**
 * The OpenAI-compatible API on the gateway's port, so any Chat Completions client (the official
 * SDKs, Open WebUI, editors, curl) talks to pi with its tools, skills and sessions:
 * {@code POST /v1/chat/completions} (JSON or SSE) and {@code GET /v1/models}. The gateway token
 * is the API key; errors under {@code /v1/} are OpenAI error objects, the gate's 401 included.
 */
public final class OpenAiApi {
    public static final String PREFIX = "/v1/";
    public static final String CHANNEL = CompletionRequest.CHANNEL;
    static final String COMPLETIONS = "/v1/chat/completions";
    static final String MODELS = "/v1/models";

    private final ChatCompletions completions;
    private final OpenAiModels models;
    private final long started = System.currentTimeMillis() / 1000;

    /**
     * @param roles         the configured roles ({@code pi:<role>} models)
     * @param piModel       {@code agent.model}, shown in the model list (may be null)
     * @param turnTimeoutMs the agent's turn timeout as the running config says; a non-streamed answer still
     *                      missing 5 s later is a 504
     */
    public OpenAiApi(ControlPlane control, String agentId, java.util.function.Supplier<Set<String>> roles,
                     java.util.function.Supplier<String> piModel,
                     java.util.function.LongSupplier turnTimeoutMs) {
        this.models = new OpenAiModels(roles, piModel);
        this.completions = new ChatCompletions(control, models, agentId, turnTimeoutMs);
    }

    /** How the gate and the router refuse requests under {@link #PREFIX}. */
    public static ErrorShapes.Shape errorShape() {
        return OpenAiResponses.SHAPE;
    }

    public void mount(Router router) {
        router.post(COMPLETIONS).handler(BodyHandler.create().setBodyLimit(4L * 1024 * 1024))
                .handler(completions::handle);
        router.get(MODELS).handler(this::listModels);
        router.get(MODELS + "/:id").handler(this::oneModel);
    }

    private void listModels(RoutingContext rc) {
        ObjectNode root = ApiJson.MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        models.ids().forEach(id -> data.add(model(id)));
        OpenAiResponses.json(rc, 200, root);
    }

    private void oneModel(RoutingContext rc) {
        String id = rc.pathParam("id");
        if (!models.ids().contains(id)) {
            OpenAiResponses.error(rc, new OpenAiError(404, "invalid_request_error", "model_not_found", "model",
                    "The model '" + id + "' does not exist; see GET /v1/models."));
            return;
        }
        OpenAiResponses.json(rc, 200, model(id));
    }

    private ObjectNode model(String id) {
        ObjectNode m = ApiJson.MAPPER.createObjectNode().put("id", id).put("object", "model").put("created", started)
                .put("owned_by", "pi-gateway");
        if (models.piModel() != null) {
            m.put("x_pi_model", models.piModel()); // what answers behind it
        }
        return m;
    }
}
