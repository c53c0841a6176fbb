package io.pigateway.core;

import java.util.Locale;

/** Where a message was said; the scope part of a session key. */
public enum ChatScope {
    DM, GROUP, TOPIC, CHANNEL, THREAD;

    /** The lower-case form used in session keys and addresses. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
