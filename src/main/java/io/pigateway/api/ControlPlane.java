package io.pigateway.api;

import io.pigateway.core.channel.ChannelSenders;

import com.fasterxml.jackson.databind.JsonNode;
import io.pigateway.pipeline.GatewayService;
import io.pigateway.pipeline.SessionNotices;
import io.pigateway.config.ConfigRedactor;
import io.pigateway.config.LoadedConfig;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.TurnObserver;
import io.pigateway.rpc.SessionHistory;
import io.pigateway.store.SessionRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operations the HTTP and WebSocket APIs share, answering plain maps ready for JSON. */
public final class ControlPlane {
    static final int HISTORY_LIMIT = 200;

    private final GatewayService gateway;
    private final ConfigState config;
    private final ChannelSenders senders;
    private final SessionNotices notices;

    /** @param notices messages delivered into sessions outside their turns, shown in their history */
    public ControlPlane(GatewayService gateway, ConfigState config, ChannelSenders senders, SessionNotices notices) {
        this.gateway = gateway;
        this.config = config;
        this.senders = senders;
        this.notices = notices;
    }

    public List<Map<String, Object>> sessions() {
        return gateway.sessions().stream().map(this::summary).toList();
    }

    /** One session with its recent messages, or empty when the key is unknown. */
    public Optional<Map<String, Object>> session(String key) {
        return gateway.session(key).map(record -> {
            Map<String, Object> s = summary(record);
            s.put("messages", messages(record));
            return s;
        });
    }

    /** Recent messages of a session; empty for a session that has not run a turn yet. */
    public List<Map<String, Object>> history(String key) {
        return gateway.session(key).map(this::messages).orElse(List.of());
    }

    /** Names the session; false for a blank title. */
    public boolean rename(String key, String title) {
        return gateway.renameSession(key, title);
    }

    /** Stops and forgets the session (it leaves the session list; pi's transcript file stays). */
    public boolean delete(String key) {
        return gateway.deleteSession(key);
    }

    /** Aborts the running turn and forgets the lane; the history file stays. */
    public boolean kill(String key) {
        return gateway.kill(key);
    }

    /** @see GatewayService#watch */
    public Runnable watch(String key, TurnObserver observer) {
        return gateway.watch(key, observer);
    }

    public boolean abort(String key) {
        return gateway.lanes().abort(key);
    }

    public boolean isBusy(String key) {
        return gateway.isBusy(key);
    }

    public boolean isKnown(String key) {
        return gateway.session(key).isPresent() || gateway.isBusy(key);
    }

    /** @see GatewayService#submitMayBlock */
    public boolean submitMayBlock() {
        return gateway.submitMayBlock();
    }

    /** @see GatewayService#submit */
    public String submit(InboundMessage message, String sessionKey, TurnObserver observer) {
        return gateway.submit(message, sessionKey, observer);
    }

    /** @see GatewayService#submit(InboundMessage, String, TurnObserver, String) */
    public String submit(InboundMessage message, String sessionKey, TurnObserver observer, String role) {
        return gateway.submit(message, sessionKey, observer, role);
    }

    public JsonNode redactedConfig() {
        return ConfigRedactor.redact(config.current().config());
    }

    public Map<String, Object> reloadConfig() {
        ConfigState.Reload reload = config.reload();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("reloaded", true);
        answer.put("source", String.valueOf(reload.config().source()));
        answer.put("warnings", reload.config().warnings());
        answer.put("applied", reload.diff().applied());
        answer.put("restartNeeded", reload.diff().restartNeeded());
        return answer;
    }

    public ChannelSenders senders() {
        return senders;
    }

    public LoadedConfig config() {
        return config.current();
    }

    private Map<String, Object> summary(SessionRecord r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("key", r.key());
        s.put("channel", r.channel());
        s.put("title", gateway.titleOf(r.key()).orElse(null));
        s.put("createdAt", r.createdAt() != null ? r.createdAt().toString() : null);
        s.put("lastActivity", r.lastActivity() != null ? r.lastActivity().toString() : null);
        s.put("messageCount", r.messageCount());
        s.put("turnCount", r.turnCount());
        s.put("model", r.model()); // the model of the latest answer (a fallback's after a failover)
        s.put("busy", gateway.isBusy(r.key()));
        return s;
    }

    /** The transcript's messages and the notices delivered next to it, in time order (the last ones). */
    private List<Map<String, Object>> messages(SessionRecord r) {
        List<SessionHistory.Message> all = new ArrayList<>(SessionHistory.recent(Path.of(r.sessionFile()),
                HISTORY_LIMIT));
        notices.of(r).forEach(n -> all.add(new SessionHistory.Message("assistant", n.text(), Instant.parse(n.at()))));
        all.sort(Comparator.comparing(m -> m.timestamp() != null ? m.timestamp() : Instant.EPOCH)); // stable
        return all.subList(Math.max(0, all.size() - HISTORY_LIMIT), all.size()).stream().map(m -> {
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("role", m.role());
            msg.put("text", m.text());
            msg.put("timestamp", m.timestamp() != null ? m.timestamp().toString() : null);
            return msg;
        }).toList();
    }
}
