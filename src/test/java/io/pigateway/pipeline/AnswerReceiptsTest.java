package io.pigateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.core.ChatScope;
import io.pigateway.core.GatewayHeaders;
import io.pigateway.core.ReplyTarget;
import io.pigateway.core.stream.OutboundUpdate;
import io.pigateway.core.stream.OutboundUpdate.Done;
import io.pigateway.core.stream.OutboundUpdate.EditText;
import io.pigateway.core.stream.OutboundUpdate.SendText;
import io.pigateway.core.stream.OutboundUpdate.Typing;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receipt bookkeeping of one answer: what is written per part (and not per streamed edit), what
 * a re-run after a crash adopts, and how an answer that is not re-run is marked.
 */
class AnswerReceiptsTest {
    private static final String KEY = "telegram:main:501:9";
    private static final ReplyTarget CHAT = new ReplyTarget("telegram", "main", ChatScope.DM, "501", null, "9");

    @TempDir
    Path dir;
    SqliteStateStore sqlite;
    final AtomicInteger writes = new AtomicInteger();
    OutboundReceipts receipts;
    final CamelContext camel = new DefaultCamelContext();
    final List<OutboundUpdate> sent = new ArrayList<>();
    final AtomicLong nextId = new AtomicLong(100);

    @BeforeEach
    void open() {
        sqlite = SqliteStateStore.open(dir);
        receipts = new OutboundReceipts(counting(sqlite));
    }

    @AfterEach
    void close() {
        sqlite.close();
    }

    /** The store with its writes (put, delete) counted. */
    private StateStore counting(StateStore store) {
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("put") || method.getName().equals("delete")) {
                        writes.incrementAndGet();
                    }
                    return method.invoke(store, args);
                });
    }

    /** A channel that answers every new message with the next id. */
    private Exchange channel(OutboundUpdate update) {
        sent.add(update);
        Exchange ex = new DefaultExchange(camel);
        if (update instanceof SendText) {
            ex.getMessage().setHeader(GatewayHeaders.MESSAGE_ID, nextId.incrementAndGet());
        }
        return ex;
    }

    private void deliver(AnswerReceipts answer, OutboundUpdate... updates) {
        for (OutboundUpdate u : updates) {
            answer.deliver(u, "agent:main:telegram:dm:501", this::channel);
        }
    }

    @Test
    void aPartCostsTwoWritesItsFirstEditOneMoreLaterEditsNoneAndDoneForgetsTheAnswer() {
        AnswerReceipts answer = new AnswerReceipts(receipts, KEY, CHAT);
        deliver(answer, new Typing(), new SendText(0, "Hel"));
        assertThat(writes).hasValue(2); // intent, then the message id
        assertThat(receipts.parts(KEY)).hasSize(1).extractingByKey(0)
                .satisfies(p -> assertThat(p.messageId()).isEqualTo("101"));

        deliver(answer, new EditText(0, "Hello"), new EditText(0, "Hello wor"), new EditText(0, "Hello world"));
        assertThat(writes).hasValue(3); // the first edit: the recorded text is no longer what it shows
        assertThat(receipts.parts(KEY).get(0).hash()).isNull();

        deliver(answer, new SendText(1, "second part"), new Done());
        assertThat(writes).hasValue(3 + 2 + 2); // the second part's two, then one delete per part
        assertThat(receipts.parts(KEY)).isEmpty();
        assertThat(receipts.interrupted("telegram")).isEmpty();
    }

    @Test
    void aReRunEditsTheMessagesItsFirstRunShowedSkipsTheSameTextAndMarksWhatItDoesNotReach() {
        AnswerReceipts first = new AnswerReceipts(receipts, KEY, CHAT);
        deliver(first, new SendText(0, "same"), new SendText(1, "old"), new SendText(2, "left over"));
        receipts.intent(KEY, CHAT, null, 3, "never confirmed"); // the crash came before the id

        AnswerReceipts rerun = new AnswerReceipts(receipts, KEY, CHAT);
        assertThat(rerun.adoptedIds()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(0, 101L, 1, 102L, 2, 103L));
        sent.clear();
        deliver(rerun, new SendText(0, "same"), new SendText(1, "new"), new Done());

        assertThat(sent).containsExactly(new EditText(1, "new"), new EditText(2, OutboundReceipts.INTERRUPTED),
                new Done());
        assertThat(receipts.parts(KEY)).isEmpty();
    }

    @Test
    void aReRunEditsAPartThatWasEditedAfterItsFirstTextEvenWhenItStartsTheSame() {
        deliver(new AnswerReceipts(receipts, KEY, CHAT), new SendText(0, "Hel"), new EditText(0, "Hello wor"));

        AnswerReceipts rerun = new AnswerReceipts(receipts, KEY, CHAT);
        sent.clear();
        deliver(rerun, new SendText(0, "Hel"), new Done());

        assertThat(sent).containsExactly(new EditText(0, "Hel"), new Done()); // it showed "Hello wor"
    }

    @Test
    void aJournaledAnswerMarksItsMessageStartedAtTheFirstToolAndDoneAfterItsLastPart() {
        InboundJournal journal = new InboundJournal(sqlite);
        journal.accept("telegram", "main", "501:9", null, "{}");
        AnswerReceipts answer = new AnswerReceipts(receipts, KEY, CHAT).journaled(journal);
        deliver(answer, new SendText(0, "looking"));
        assertThat(journal.find(KEY)).get().extracting(InboundJournal.Entry::stage)
                .isEqualTo(InboundJournal.Stage.ACCEPTED);

        answer.toolStarted();
        answer.toolStarted();
        assertThat(journal.find(KEY)).get().extracting(InboundJournal.Entry::stage)
                .isEqualTo(InboundJournal.Stage.STARTED);
        deliver(answer, new EditText(0, "found it"));
        assertThat(journal.find(KEY)).isPresent();

        deliver(answer, new Done());
        assertThat(journal.find(KEY)).isEmpty();
        assertThat(receipts.parts(KEY)).isEmpty();
    }

    @Test
    void anAnswerNotReRunIsMarkedInItsOwnMessagesOrOnceAnewWhenNoneIsKnown() {
        deliver(new AnswerReceipts(receipts, KEY, CHAT), new SendText(0, "half"), new SendText(1, "an answer"));
        receipts.intent("telegram:main:502:4", CHAT, null, 0, "sent? nobody knows");
        receipts.intent("discord:main:77", new ReplyTarget("discord", "main", ChatScope.DM, "7", null, "77"), null,
                0, "another channel's");

        var cut = receipts.interrupted("telegram");
        assertThat(cut).extracting(OutboundReceipts.Interrupted::answerKey)
                .containsExactly(KEY, "telegram:main:502:4");
        assertThat(cut.get(0).target()).isEqualTo(CHAT);

        assertThat(AnswerReceipts.of(receipts, cut.get(0)).interruptedUpdates()).containsExactly(
                new EditText(0, OutboundReceipts.INTERRUPTED), new EditText(1, OutboundReceipts.INTERRUPTED),
                new Done());
        AnswerReceipts unknown = AnswerReceipts.of(receipts, cut.get(1));
        List<OutboundUpdate> marking = unknown.interruptedUpdates();
        assertThat(marking).containsExactly(new SendText(0, OutboundReceipts.INTERRUPTED), new Done());
        marking.forEach(u -> unknown.deliver(u, null, this::channel));
        assertThat(receipts.interrupted("telegram")).extracting(OutboundReceipts.Interrupted::answerKey)
                .containsExactly(KEY);
    }

    @Test
    void stringMessageIdsLikeFeishusAreRecordedAndAdoptedAsTheyAre() {
        ReplyTarget feishuChat = new ReplyTarget("feishu", "default", ChatScope.DM, "oc_1", null, "om_user_1");
        String key = "feishu:default:om_user_1";
        AnswerReceipts first = new AnswerReceipts(receipts, key, feishuChat);
        first.deliver(new SendText(0, "half"), null, update -> {
            Exchange ex = new DefaultExchange(camel);
            ex.getMessage().setHeader(GatewayHeaders.MESSAGE_ID, "card:om_7f3a");
            return ex;
        });
        assertThat(receipts.parts(key).get(0).messageId()).isEqualTo("card:om_7f3a");

        AnswerReceipts rerun = AnswerReceipts.of(receipts, receipts.interrupted("feishu").get(0));
        assertThat(rerun.adoptedMessageIds()).containsExactlyEntriesOf(java.util.Map.of(0, "card:om_7f3a"));
        assertThat(rerun.adoptedIds()).isEmpty(); // not a number: no Telegram or Discord message to edit
    }

    @Test
    void aNumericMessageIdStoredByAnEarlierVersionIsStillAdopted() {
        String before = "{\"answer\":\"" + KEY + "\",\"segment\":0,\"target\":" + com.fasterxml.jackson.databind
                .node.TextNode.valueOf(ChatTargetJson.write(CHAT)) + ",\"sessionKey\":null,\"hash\":null,"
                + "\"length\":4,\"messageId\":4711}";
        sqlite.put(OutboundReceipts.NAMESPACE, KEY + "#0000", before);

        AnswerReceipts rerun = new AnswerReceipts(receipts, KEY, CHAT);
        assertThat(rerun.adoptedIds()).containsExactlyEntriesOf(java.util.Map.of(0, 4711L));
        assertThat(rerun.interruptedUpdates()).containsExactly(new EditText(0, OutboundReceipts.INTERRUPTED), new Done());
    }
}
