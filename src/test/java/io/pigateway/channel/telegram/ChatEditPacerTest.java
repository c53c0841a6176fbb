package io.pigateway.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigateway.core.ChatScope;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.core.stream.OutboundUpdate.Done;
import io.pigateway.core.stream.OutboundUpdate.DraftText;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import io.pigateway.core.stream.ChatEditPacer;
import io.pigateway.core.stream.StreamingMode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Edits are paced per chat, not only per answer: two answers in one group (forum topics) share
 * the chat's slots; an edit that gets none waits, the latest per message wins, and the answer's
 * end releases it at once, so the final text always arrives.
 */
class ChatEditPacerTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void slotsArePerChatAndOpenAfterTheInterval() {
        ChatEditPacer pacer = new ChatEditPacer(now::get);
        assertThat(pacer.tryAcquire("a:-100", 3_000)).isTrue();
        assertThat(pacer.tryAcquire("a:-100", 3_000)).isFalse();
        assertThat(pacer.tryAcquire("a:-200", 3_000)).isTrue(); // another chat has its own slots
        assertThat(pacer.waitMs("a:-100")).isEqualTo(3_000);
        now.addAndGet(3_000);
        assertThat(pacer.waitMs("a:-100")).isZero();
        assertThat(pacer.tryAcquire("a:-100", 3_000)).isTrue();
    }

    @Test
    void twoAnswersInOneGroupShareItsSlotsAndTheEndReleasesTheLatestEdit() throws Exception {
        ChatEditPacer pacer = new ChatEditPacer(now::get); // the clock stands still: no slot opens by itself
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = outbound(delivered)) {
            TelegramAnswer topicA = answer(camel, pacer, timer, "1");
            TelegramAnswer topicB = answer(camel, pacer, timer, "2");
            topicA.enqueue(new SendText(0, "a"));
            topicA.enqueue(new EditText(0, "a1")); // takes the group's slot
            topicB.enqueue(new SendText(0, "b"));
            topicB.enqueue(new EditText(0, "b1")); // the slot is taken: waits
            topicB.enqueue(new EditText(0, "b12")); // replaces the waiting edit
            topicA.enqueue(new EditText(0, "a12")); // waits too
            topicB.enqueue(new Done()); // the end releases b's latest edit at once
            await().until(() -> delivered.size() == 5);
            assertThat(delivered).containsExactly("send a", "edit a1", "send b", "edit b12", "done");
            assertThat(delivered).doesNotContain("edit b1", "edit a12");

            topicA.enqueue(new SendText(1, "a, second message")); // a new message releases a's edit first
            await().until(() -> delivered.size() == 7);
            assertThat(delivered.subList(5, 7)).containsExactly("edit a12", "send a, second message");
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aWaitingEditGoesOutWhenTheChatsNextSlotOpens() throws Exception {
        ChatEditPacer pacer = new ChatEditPacer(System::currentTimeMillis);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = outbound(delivered)) {
            TelegramAnswer answer = dmAnswer(camel, pacer, timer);
            answer.enqueue(new EditText(0, "x1"));
            answer.enqueue(new EditText(0, "x2"));
            answer.enqueue(new DraftText("preview")); // held under its own key
            await().until(() -> delivered.size() == 3); // the chat's next slot (1 s in a DM) opens: both go out
            assertThat(delivered).containsExactly("edit x1", "edit x2", "draft preview");
        } finally {
            timer.shutdownNow();
        }
    }

    private static TelegramAnswer answer(DefaultCamelContext camel, ChatEditPacer pacer, ScheduledExecutorService timer,
                                         String thread) {
        ReplyTarget group = new ReplyTarget("telegram", "default", ChatScope.TOPIC, "-100", thread, null);
        return new TelegramAnswer(group, StreamingMode.PARTIAL, false, camel.createProducerTemplate(), Runnable::run,
                pacer, timer);
    }

    private static TelegramAnswer dmAnswer(DefaultCamelContext camel, ChatEditPacer pacer, ScheduledExecutorService timer) {
        ReplyTarget dm = new ReplyTarget("telegram", "default", ChatScope.DM, "42", null, null);
        return new TelegramAnswer(dm, StreamingMode.PARTIAL, true, camel.createProducerTemplate(), Runnable::run,
                pacer, timer);
    }

    private static DefaultCamelContext outbound(List<String> delivered) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(io.pigateway.pipeline.OutboundRoutes.OUTBOUND).process(ex -> {
                    OutboundUpdate u = ex.getMessage().getBody(OutboundUpdate.class);
                    delivered.add(u instanceof SendText s ? "send " + s.text() : u instanceof EditText e ? "edit " + e.text()
                            : u instanceof DraftText d ? "draft " + d.text() : "done");
                });
            }
        });
        camel.start();
        return camel;
    }
}
