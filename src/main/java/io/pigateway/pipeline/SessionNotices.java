package io.pigateway.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pigateway.core.channel.ChannelAddress;
import io.pigateway.store.SessionRecord;
import io.pigateway.store.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages delivered into a session from outside its turns (a cron job announcing to a WebChat
 * session): kept in the state store next to the session's transcript (pi's file has no place for
 * them), shown in the session's history and handed to whoever watches the session right now.
 * The agent does not see them: they are not part of pi's conversation.
 */
public final class SessionNotices {
    /** The newest this many per session are kept. */
    static final int KEEP = 50;
    private static final String NAMESPACE = "session.notice";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivered message at an ISO-8601 instant; {@code file} is the transcript it was delivered next to. */
    public record Notice(String text, String at, String file) {
    }

    private final StateStore store;
    private final SessionCatalog sessions;
    private final AgentTurnRunner watchers;

    public SessionNotices(StateStore store, SessionCatalog sessions, AgentTurnRunner watchers) {
        this.store = store;
        this.sessions = sessions;
        this.watchers = watchers;
    }

    /** Delivers {@code text} into the session; an unknown session is refused (nobody could ever read it). */
    public synchronized void deliver(String sessionKey, String text) {
        SessionRecord session = sessions.find(sessionKey).orElseThrow(() -> new ChannelAddress.UnknownTargetException(
                "no session " + sessionKey + " (it exists once its chat has sent a first message)"));
        Instant now = Instant.now();
        Notice notice = new Notice(text, now.toString(), session.sessionFile());
        List<Notice> all = new ArrayList<>(read(sessionKey));
        all.add(notice);
        store.put(NAMESPACE, sessionKey, write(all.size() > KEEP ? all.subList(all.size() - KEEP, all.size()) : all));
        for (var watcher : watchers.watchersOf(sessionKey)) {
            try {
                watcher.onMessage(sessionKey, text, now);
            } catch (RuntimeException e) {
                // a watcher that went away misses it live; the history has it
            }
        }
    }

    /** The session's notices next to its current transcript (a {@code /new} starts without them), oldest first. */
    public List<Notice> of(SessionRecord session) {
        return read(session.key()).stream().filter(n -> n.file().equals(session.sessionFile())).toList();
    }

    private List<Notice> read(String sessionKey) {
        return store.get(NAMESPACE, sessionKey).map(json -> {
            try {
                return JSON.readValue(json, new TypeReference<List<Notice>>() { });
            } catch (Exception e) {
                return List.<Notice>of(); // a damaged entry is dropped, not fatal
            }
        }).orElse(List.of());
    }

    private static String write(List<Notice> notices) {
        try {
            return JSON.writeValueAsString(notices);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write session notices", e);
        }
    }
}
