package io.pigateway.channel.feishu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pigateway.core.InboundMessage;
import io.pigateway.core.MediaAttachment;
import io.pigateway.pipeline.InboundDedupe;
import io.pigateway.pipeline.InboundJournal;
import io.pigateway.pipeline.InboundMessageJson;
import io.pigateway.security.InboundPolicy;
import io.pigateway.store.SqliteStateStore;
import io.pigateway.store.StateStoreException;
import io.pigateway.testing.FakeFeishuServer;
import io.pigateway.testing.FeishuEventSender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Feishu callback does before its 200: the message goes to the inbound journal with
 * references to its files (nothing downloaded yet), a redelivery under another event id finds it
 * pending, and the download happens afterwards (and again for a re-run after a restart) for an
 * admitted sender only. An event that cannot be journaled is refused, so Feishu delivers it again.
 */
class FeishuInboundJournalTest {
    private static final byte[] PICTURE = {(byte) 0xFF, (byte) 0xD8, 42, 7};

    @TempDir
    Path dir;
    SqliteStateStore store;
    FakeFeishuServer feishu;
    FeishuEventSender events;
    InboundJournal journal;
    final AtomicBoolean admitted = new AtomicBoolean(true);
    FeishuInbound inbound;

    @BeforeEach
    void open() throws Exception {
        store = SqliteStateStore.open(dir);
        feishu = new FakeFeishuServer();
        feishu.addResource("img_journal_1", PICTURE);
        events = new FeishuEventSender("http://127.0.0.1:9/unused", "verify", null, feishu); // builds events only
        journal = new InboundJournal(store);
        FeishuApi api = new FeishuApi(feishu.baseUrl(), FakeFeishuServer.APP_ID, FakeFeishuServer.APP_SECRET, 10);
        InboundPolicy policy = m -> admitted.get() ? InboundPolicy.Verdict.ALLOW : InboundPolicy.Verdict.deny(null);
        inbound = new FeishuInbound(() -> new FeishuEventTranslator(FakeFeishuServer.BOT_OPEN_ID), new InboundDedupe(store),
                journal, null, policy, new FeishuMediaDownloader(dir, () -> api), null);
    }

    @AfterEach
    void close() {
        feishu.close();
        store.close();
    }

    @Test
    void anImageIsJournaledAsAReferenceARedeliveryIsDroppedAndTheDownloadComesAfterwards() throws Exception {
        ObjectNode image = events.message("ou_journal", "oc_journal", "p2p", "image", "{\"image_key\":\"img_journal_1\"}");
        assertThat(inbound.admit(events.envelope("evt-1", image))).isNotNull();

        List<InboundJournal.Entry> pending = journal.pending(FeishuChannel.NAME);
        assertThat(pending).hasSize(1);
        InboundMessage journaled = InboundMessageJson.read(pending.get(0).message()).orElseThrow().message();
        assertThat(journaled.media()).containsExactly(
                new MediaAttachment(FeishuInbound.PENDING_FILE, "image/img_journal_1", null, null));
        assertThat(resourceDownloads()).isZero(); // before the 200: only the journal was written

        // Feishu delivers it again (its retry, or the same message under another event id)
        assertThat(inbound.admit(events.envelope("evt-1", image.deepCopy()))).isNull();
        assertThat(inbound.admit(events.envelope("evt-2", image.deepCopy()))).isNull();
        assertThat(journal.pending(FeishuChannel.NAME)).hasSize(1);

        // after the 200, or in a re-run after a restart: the file is fetched for an admitted sender
        InboundMessage prepared = inbound.prepare(journaled);
        assertThat(prepared.media()).hasSize(1);
        assertThat(prepared.media().get(0).kind()).isEqualTo("photo");
        assertThat(Files.readAllBytes(Path.of(prepared.media().get(0).path()))).isEqualTo(PICTURE);
        assertThat(resourceDownloads()).isEqualTo(1);

        admitted.set(false);
        assertThat(inbound.prepare(journaled).media()).as("a stranger's files never reach the disk").isEmpty();
        assertThat(resourceDownloads()).isEqualTo(1);
    }

    @Test
    void aCommandIsNotJournaledItIsAnsweredAtOnceAndNeverRunAgainByARestart() {
        assertThat(inbound.admit(events.envelope("evt-new", events.dm("ou_journal", "oc_journal", "/new")))).isNotNull();
        assertThat(journal.pending(FeishuChannel.NAME)).isEmpty();
    }

    @Test
    void anEventThatCannotBeJournaledIsRefusedSoFeishuDeliversItAgain() {
        List<Runnable> after = new ArrayList<>();
        FeishuCallback failing = new FeishuCallback("verify", null, after::add, body -> {
            throw new StateStoreException("disk full");
        });
        Exchange refused = post(failing, events.envelope("evt-full", events.dm("ou_journal", "oc_journal", "hello")));
        assertThat(refused.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(after).isEmpty();

        FeishuCallback working = new FeishuCallback("verify", null, after::add, inbound::admit);
        Exchange accepted = post(working, events.envelope("evt-ok", events.dm("ou_journal", "oc_journal", "hello")));
        assertThat(accepted.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(after).hasSize(1); // the rest runs after the 200
        assertThat(journal.pending(FeishuChannel.NAME)).hasSize(1);
    }

    @Test
    void aMessageWhoseFilesCannotBeSavedIsForgottenAndItsSenderAskedToSendItAgain() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("media"), "a file where the media folder should be");
        FeishuApi api = new FeishuApi(feishu.baseUrl(), FakeFeishuServer.APP_ID, FakeFeishuServer.APP_SECRET, 10);
        List<String> told = new ArrayList<>();
        FeishuInbound failing = new FeishuInbound(() -> new FeishuEventTranslator(FakeFeishuServer.BOT_OPEN_ID),
                new InboundDedupe(store), journal, null, m -> InboundPolicy.Verdict.ALLOW,
                new FeishuMediaDownloader(broken, () -> api), (target, text, replyTo) -> {
                    told.add(text);
                    return java.util.Optional.empty();
                });
        ObjectNode image = events.message("ou_journal", "oc_journal", "p2p", "image", "{\"image_key\":\"img_journal_1\"}");

        failing.admit(events.envelope("evt-broken", image)).run();

        assertThat(journal.pending(FeishuChannel.NAME)).isEmpty();
        assertThat(told).containsExactly("I could not take in your message; please send it again in a moment.");
    }

    private Exchange post(FeishuCallback callback, ObjectNode body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body.toString());
        callback.process(exchange);
        return exchange;
    }

    private long resourceDownloads() {
        return feishu.calls("GET", "/open-apis/im/v1/messages/").stream().filter(c -> c.path().contains("/resources/"))
                .count();
    }
}
