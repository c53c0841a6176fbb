package io.pigateway.pipeline;

import io.pigateway.core.ReplyTarget;
import io.pigateway.core.hook.HookContext;
import io.pigateway.core.hook.HookPoint;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.core.session.SessionFiles;
import io.pigateway.store.SessionRecord;
import io.pigateway.store.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The sessions the gateway knows: their pi session files and counters, kept in the state store
 * so they survive restarts. Fires {@code session_start} when a key's session begins (first use, or
 * the first turn after {@code /new}) and {@code session_end} when it is reset or deleted.
 */
public final class SessionCatalog {
    private static final String CHAT_NAMESPACE = "session.chat";
    /** A user-given (or first-message) title per session key; absent: the page shows the key. */
    private static final String TITLE_NAMESPACE = "session.title";
    public static final int TITLE_MAX = 80;
    private final StateStore store;
    private Path sessionsDir;
    private final HookRegistry hooks;
    private final String model;
    /**
     * Records as {@link #open} returned them, most recently used last, so a turn of a known session
     * reads no state store on its way to pi. Only the session file matters there; counters are read
     * from the store ({@link #find}, {@link #list}). Bounded: a forgotten session is simply read again.
     */
    private final java.util.Map<String, SessionRecord> opened = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, SessionRecord> eldest) {
            return size() > OPENED_CACHE_SIZE;
        }
    };
    static final int OPENED_CACHE_SIZE = 10_000;
    /** The chat last written per session, so an unchanged one costs no write. */
    private final java.util.Map<String, ReplyTarget> lastChats = new java.util.concurrent.ConcurrentHashMap<>();
    /** Keys reset since their last turn: the next {@link #open} begins a new session. */
    private final java.util.Set<String> restarted = new java.util.HashSet<>();

    /** @param model the configured model, recorded with each session (null: pi's default) */
    public SessionCatalog(StateStore store, Path dataDir, HookRegistry hooks, String model) {
        this.store = store;
        this.sessionsDir = SessionFiles.sessionsDir(dataDir);
        this.hooks = hooks;
        this.model = model;
    }

    /** New sessions' transcripts go to this folder ({@code cluster.sessionsDir}, shared by instances). */
    public SessionCatalog withSessionsDir(Path dir) {
        this.sessionsDir = dir;
        return this;
    }

    /** The session's record, created (and announced) on first use. */
    public synchronized SessionRecord open(String key, String channel) {
        SessionRecord cached = opened.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<SessionRecord> existing = store.findSession(key);
        if (existing.isPresent()) {
            opened.put(key, existing.get());
            if (restarted.remove(key)) {
                sessionHook(HookPoint.SESSION_START, key, HookContext.CHANNEL, channel);
            }
            return existing.get();
        }
        Instant now = Instant.now();
        SessionRecord created = new SessionRecord(key, channel, SessionFiles.pathIn(sessionsDir, key).toString(), model,
                now, now, 0, 0);
        store.saveSession(created);
        opened.put(key, created);
        sessionHook(HookPoint.SESSION_START, key, HookContext.CHANNEL, channel);
        return created;
    }

    /**
     * Starts the session over ({@code /new}): the key keeps its name but gets a fresh pi session
     * file, so the next turn starts without history; the old transcript stays on disk.
     * True when the key had a session.
     */
    public synchronized boolean reset(String key) {
        Optional<SessionRecord> existing = store.findSession(key);
        if (existing.isEmpty()) {
            return false;
        }
        String base = SessionFiles.pathIn(sessionsDir, key).toString();
        String fresh = base.substring(0, base.length() - ".jsonl".length()) + "-" + System.currentTimeMillis()
                + ".jsonl";
        Instant now = Instant.now();
        SessionRecord restarted = new SessionRecord(key, existing.get().channel(), fresh, model, now, now, 0, 0);
        store.saveSession(restarted);
        opened.remove(key);
        this.restarted.add(key);
        sessionHook(HookPoint.SESSION_END, key, HookContext.REASON, "reset");
        return true;
    }

    /**
     * Remembers where the session's latest inbound message came from: the chat the agent tools
     * act on while this session's turn runs (kept in the state store, so it survives restarts).
     */
    public void rememberChat(String key, ReplyTarget chat) {
        // every turn passes here: write only when the chat changed (an API or WebChat session never does)
        if (!chat.equals(lastChats.put(key, chat))) {
            store.put(CHAT_NAMESPACE, key, ChatTargetJson.write(chat));
        }
    }

    /** The chat of the session's latest inbound message, if one was seen. */
    public Optional<ReplyTarget> chatOf(String key) {
        return store.get(CHAT_NAMESPACE, key).flatMap(ChatTargetJson::read);
    }

    public void turnFinished(String key, int messagesAdded) {
        turnFinished(key, messagesAdded, null);
    }

    /** @param answeredBy the model that answered (a fallback after a failover); null: the configured one */
    public void turnFinished(String key, int messagesAdded, String answeredBy) {
        store.recordTurn(key, messagesAdded, answeredBy != null ? answeredBy : model);
    }

    public Optional<SessionRecord> find(String key) {
        return store.findSession(key);
    }

    public List<SessionRecord> list() {
        return store.listSessions();
    }

    /** The session's title, if one was given. */
    public Optional<String> titleOf(String key) {
        return store.get(TITLE_NAMESPACE, key).filter(t -> !t.isBlank());
    }

    /**
     * Names the session (one line, at most {@link #TITLE_MAX} characters); a session the gateway
     * has not seen yet can be named before its first turn. False for a blank title.
     */
    public boolean rename(String key, String title) {
        String clean = title == null ? "" : title.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (clean.isEmpty()) {
            return false;
        }
        store.put(TITLE_NAMESPACE, key, clean.length() <= TITLE_MAX ? clean : clean.substring(0, TITLE_MAX - 1) + "…");
        return true;
    }

    /** Forgets the session: its record, title and chat (pi's transcript file stays on disk). */
    public synchronized boolean delete(String key) {
        opened.remove(key);
        lastChats.remove(key);
        store.delete(TITLE_NAMESPACE, key);
        store.delete(CHAT_NAMESPACE, key);
        restarted.remove(key);
        boolean deleted = store.deleteSession(key);
        if (deleted) {
            sessionHook(HookPoint.SESSION_END, key, HookContext.REASON, "deleted");
        }
        return deleted;
    }

    /** {@code session_start} carries the channel, {@code session_end} why it ended. */
    private void sessionHook(HookPoint point, String key, String name, String value) {
        if (hooks.hasAny(point)) {
            hooks.run(point, new HookContext().put(HookContext.SESSION_KEY, key).put(name, value));
        }
    }
}
