package io.pigateway.api.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The model ids the OpenAI API offers: {@code pi} (the default agent) and {@code pi:<role>} for
 * each configured role; the {@code model} of a request picks the role its turn runs as. The
 * configured pi model (e.g. {@code anthropic/claude-sonnet-4-5}) is what answers behind each.
 */
final class OpenAiModels {
    static final String DEFAULT = "pi";

    private final Supplier<Set<String>> roles;
    private final Supplier<String> piModel;

    /** @param piModel {@code agent.model}, or null when pi picks its default */
    OpenAiModels(Set<String> roles, String piModel) {
        this(() -> roles, () -> piModel);
    }

    /** As the running config says now: a reload adds or removes {@code pi:<role>} models at once. */
    OpenAiModels(Supplier<Set<String>> roles, Supplier<String> piModel) {
        this.roles = roles;
        this.piModel = piModel;
    }

    /** Every offered id, {@code pi} first. */
    List<String> ids() {
        List<String> ids = new ArrayList<>();
        ids.add(DEFAULT);
        new TreeSet<>(roles.get()).forEach(r -> ids.add(DEFAULT + ":" + r));
        return ids;
    }

    /**
     * The role a model id selects: empty for {@code pi}, the role for {@code pi:<role>}.
     *
     * @throws IllegalArgumentException for any other id
     */
    Optional<String> roleOf(String modelId) {
        if (DEFAULT.equals(modelId)) {
            return Optional.empty();
        }
        if (modelId.startsWith(DEFAULT + ":") && roles.get().contains(modelId.substring(DEFAULT.length() + 1))) {
            return Optional.of(modelId.substring(DEFAULT.length() + 1));
        }
        throw new IllegalArgumentException("The model '" + modelId + "' does not exist; use one of " + ids()
                + " (GET /v1/models)");
    }

    String piModel() {
        return piModel.get();
    }
}
