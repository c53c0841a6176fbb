package io.pigateway.core.channel;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a config reload changes in a channel's accounts, from the token each account runs with and
 * the token the reloaded config gives it: the accounts to stop, to start, and to restart (a new
 * token). An account whose token did not change is in none of them: it keeps running untouched.
 * Only account ids are kept, never the tokens.
 */
public record AccountChanges(Set<String> stopped, Set<String> started, Set<String> restarted) {

    public AccountChanges {
        stopped = Set.copyOf(stopped);
        started = Set.copyOf(started);
        restarted = Set.copyOf(restarted);
    }

    /** @param running token by account id as running now; {@code wanted} as the reloaded config says */
    public static AccountChanges between(Map<String, String> running, Map<String, String> wanted) {
        Set<String> stopped = new TreeSet<>();
        Set<String> started = new TreeSet<>();
        Set<String> restarted = new TreeSet<>();
        running.keySet().stream().filter(id -> !wanted.containsKey(id)).forEach(stopped::add);
        wanted.forEach((id, token) -> {
            if (!running.containsKey(id)) {
                started.add(id);
            } else if (!Objects.equals(running.get(id), token)) {
                restarted.add(id);
            }
        });
        return new AccountChanges(stopped, started, restarted);
    }
}
