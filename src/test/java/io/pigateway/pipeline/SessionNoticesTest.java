package io.pigateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.core.TurnObserver;
import io.pigateway.core.channel.ChannelAddress;
import io.pigateway.core.hook.HookRegistry;
import io.pigateway.store.SqliteStateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages delivered into a session outside its turns: refused for an unknown session, kept (the
 * newest {@value SessionNotices#KEEP}) next to the transcript they were delivered to, handed to the
 * session's watchers only, and gone from view after {@code /new}.
 */
class SessionNoticesTest {
    static final String KEY = "agent:main:webchat:dm:page";

    @TempDir
    Path dir;

    @Test
    void keptNextToTheTranscriptAndHandedToTheSessionsWatchers() {
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            SessionCatalog sessions = new SessionCatalog(store, dir, new HookRegistry(), null);
            AgentTurnRunner runner = new AgentTurnRunner("direct:unused", Set.of(), sessions);
            SessionNotices notices = new SessionNotices(store, sessions, runner);
            assertThatThrownBy(() -> notices.deliver(KEY, "too early"))
                    .isInstanceOf(ChannelAddress.UnknownTargetException.class).hasMessageContaining("no session " + KEY);

            sessions.open(KEY, "webchat");
            List<String> seen = new CopyOnWriteArrayList<>();
            Runnable stop = runner.watch(KEY, new TurnObserver() {
                @Override
                public void onMessage(String sessionKey, String text, Instant at) {
                    seen.add(sessionKey + " " + text);
                }
            });
            List<String> elsewhere = new CopyOnWriteArrayList<>();
            sessions.open("agent:main:webchat:dm:other", "webchat");
            runner.watch("agent:main:webchat:dm:other", new TurnObserver() {
                @Override
                public void onMessage(String sessionKey, String text, Instant at) {
                    elsewhere.add(text);
                }
            });
            notices.deliver(KEY, "daily brief");
            assertThat(seen).containsExactly(KEY + " daily brief");
            assertThat(elsewhere).isEmpty();
            assertThat(notices.of(sessions.find(KEY).orElseThrow())).extracting(SessionNotices.Notice::text)
                    .containsExactly("daily brief");

            stop.run();
            for (int i = 0; i < SessionNotices.KEEP + 5; i++) {
                notices.deliver(KEY, "n" + i);
            }
            assertThat(seen).hasSize(1);
            List<SessionNotices.Notice> kept = notices.of(sessions.find(KEY).orElseThrow());
            assertThat(kept).hasSize(SessionNotices.KEEP);
            assertThat(kept.get(kept.size() - 1).text()).isEqualTo("n" + (SessionNotices.KEEP + 4));

            sessions.reset(KEY); // /new: the next transcript starts without them
            assertThat(notices.of(sessions.open(KEY, "webchat"))).isEmpty();
        }
    }
}
