package io.pigateway.rpc;

import java.util.List;

/**
 * The models a pool's turns may run on, in order (the pool's own model first, then the fallbacks),
 * each with the pool whose processes were started with it ({@code --model}); how often the gateway
 * re-runs a provider failure on the same model before moving on ({@code maxRetries}, on top of
 * pi's own retries), and how long a failed model is skipped ({@code cooldownMs}).
 */
public record ModelChain(List<Link> links, int maxRetries, long cooldownMs) {
    public ModelChain {
        links = List.copyOf(links);
        if (links.isEmpty()) {
            throw new IllegalArgumentException("a model chain needs at least one model");
        }
    }

    /** One model and the pool that runs it. */
    public record Link(String model, String pool) {
    }

    /** The pool name of a fallback model's processes: {@code <pool>@<provider/model>}. */
    public static String fallbackPool(String pool, String model) {
        return pool + "@" + model;
    }
}
