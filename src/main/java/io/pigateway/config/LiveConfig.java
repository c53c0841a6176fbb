package io.pigateway.config;

/** The running gateway's config as last (re)loaded: what modules read when a reload must apply at once. */
@FunctionalInterface
public interface LiveConfig {
    GatewayConfig current();
}
