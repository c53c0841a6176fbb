package io.pigateway.rpc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a reserved process of a {@link PiPool} on a session: lends it the session's transcript
 * ({@link SessionSlots}) and {@code switch_session}es pi to it, unless pi already has the current
 * copy loaded (it served the session last, and nobody else has since). Knows which process holds
 * each session's current state, so the pool can prefer that one.
 *
 * <p>Switching to a session file that does not exist yet is how a new session starts: pi 0.73.1
 * treats it like {@code --session <new file>} (SessionManager.open → fresh header, file written
 * lazily after the first assistant message; header cwd = the process's working dir). Verified with
 * the real pi, including that a second session on the same process never sees the first's history.
 */
final class SessionSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSwitch.class);

    private final String pool;
    private final SessionSlots slots;
    private final Consumer<PiProcess> release;
    /** session file → the process whose in-memory copy of it is current (others must switch_session first). */
    private final Map<String, PiProcess> owner = new HashMap<>();

    /** @param release gives a process back to the pool when the switch fails */
    SessionSwitch(String pool, SessionSlots slots, Consumer<PiProcess> release) {
        this.pool = pool;
        this.slots = slots;
        this.release = release;
    }

    /** The process holding the session's current state, if any. */
    synchronized PiProcess holder(String sessionFile) {
        return owner.get(sessionFile);
    }

    /** The process is gone: it holds nothing. */
    synchronized void forget(PiProcess p) {
        owner.values().removeIf(holder -> holder == p);
    }

    /**
     * Completes with {@code p} ready to serve the session; on failure {@code p} is released. With
     * slots, a process that comes from another session first loses whatever that session's agent
     * left running, before this session's transcript enters its slot.
     */
    CompletableFuture<PiProcess> switchTo(PiProcess p, String sessionFile) {
        boolean loaded;
        synchronized (this) {
            // the stamp catches a change by a process of another pool (a fallback model) or a rewind
            loaded = sessionFile.equals(p.sessionFile) && owner.get(sessionFile) == p
                    && Transcripts.stamp(Path.of(sessionFile)).equals(p.sessionStamp);
            owner.put(sessionFile, p); // from now on other processes' copies of this session are stale
        }
        if (!loaded && slots.enabled()) {
            p.endStrays();
        }
        String piPath;
        try {
            // always the same slot path for a session on a process: pi's loaded copy stays valid
            piPath = slots.lend(p.serial(), Path.of(sessionFile)).toString();
        } catch (IOException e) {
            LOG.error("pi pool '{}': cannot move the transcript {} to {}: {}", pool, sessionFile, p, e.toString());
            p.sessionFile = null;
            release.accept(p);
            return CompletableFuture.failedFuture(new PiRpcException("pi_unavailable",
                    "The conversation's history is not available right now; please try again."));
        }
        if (loaded) {
            return CompletableFuture.completedFuture(p);
        }
        return p.request("switch_session", PiProtocol.fields().put("sessionPath", piPath))
                .handle((data, e) -> {
                    if (e != null) {
                        p.sessionFile = null;
                        release.accept(p);
                        throw e instanceof RuntimeException r ? r : new PiRpcException("pi_crashed", e.getMessage(), e);
                    }
                    p.sessionFile = sessionFile;
                    return p;
                });
    }
}
