package io.pigateway.chaos;

import io.pigateway.pipeline.InboundReplay;
import io.pigateway.testing.FakeTelegramServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A steady load of Telegram DMs: {@code users} chats, each sending its next message as soon as the
 * previous one got a reply (closed loop, so every reply belongs to one message), until each sent
 * {@code perUser}. {@link #step} is called from the scenario's wait loop; {@link #figures} counts
 * what every chat got: an echo of its message (answered), another sentence (the user was told),
 * a message with no reply (lost), an echo twice (duplicated).
 */
final class ChatLoad {
    static final long FIRST_USER = 7_000;

    private final FakeTelegramServer telegram;
    private final String bot;
    private final int users;
    private final int perUser;
    private final Map<Long, Integer> sent = new HashMap<>();
    private final Map<Long, Long> sentAtNanos = new HashMap<>();
    private final List<Long> latenciesMs = new ArrayList<>();
    private volatile boolean paused;

    ChatLoad(FakeTelegramServer telegram, String bot, int users, int perUser) {
        this.telegram = telegram;
        this.bot = bot;
        this.users = users;
        this.perUser = perUser;
    }

    static String text(long user, int n) {
        return "chat " + user + " message " + n;
    }

    /** No new messages are sent while paused (replies still count). */
    void pause(boolean paused) {
        this.paused = paused;
    }

    /** Sends each chat's next message when its previous one has a reply; true when all are done. */
    synchronized boolean step() {
        boolean done = true;
        for (long u = FIRST_USER; u < FIRST_USER + users; u++) {
            int n = sent.getOrDefault(u, 0);
            int replies = replies(u).size();
            if (n > 0 && replies >= n && sentAtNanos.containsKey(u)) {
                latenciesMs.add((System.nanoTime() - sentAtNanos.remove(u)) / 1_000_000);
            }
            if (replies >= n && n < perUser && !paused) {
                telegram.addMessage(bot, FakeTelegramServer.privateText(u, text(u, n + 1)));
                sent.put(u, n + 1);
                sentAtNanos.put(u, System.nanoTime());
                n++;
            }
            done &= n == perUser && replies >= n;
        }
        return done;
    }

    /** How many messages {@code user} sent so far. */
    synchronized int sentBy(long user) {
        return sent.getOrDefault(user, 0);
    }

    synchronized int sentTotal() {
        return sent.values().stream().mapToInt(Integer::intValue).sum();
    }

    List<String> replies(long user) {
        return telegram.messagesIn(Long.toString(user)).stream().map(FakeTelegramServer.Sent::text).toList();
    }

    /** What the chats got, per message. */
    synchronized Figures figures() {
        int answered = 0;
        int told = 0;
        int restarted = 0;
        int lost = 0;
        int duplicated = 0;
        for (long u = FIRST_USER; u < FIRST_USER + users; u++) {
            List<String> replies = replies(u);
            int others = (int) replies.stream().filter(r -> !r.startsWith("echo: ")).count();
            restarted += (int) replies.stream().filter(InboundReplay.RESTARTED::equals).count();
            told += others;
            for (int n = 1; n <= sent.getOrDefault(u, 0); n++) {
                String echo = "echo: " + text(u, n);
                long echoes = replies.stream().filter(echo::equals).count();
                answered += echoes > 0 ? 1 : 0;
                duplicated += echoes > 1 ? (int) echoes - 1 : 0;
            }
            int unanswered = sent.getOrDefault(u, 0) - (int) replies.stream().filter(r -> r.startsWith("echo: "))
                    .distinct().count();
            lost += Math.max(0, unanswered - others); // a message whose user got neither its answer nor a word
        }
        List<Long> sorted = latenciesMs.stream().sorted().toList();
        long p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        long max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        return new Figures(sentTotal(), answered, told, restarted, lost, duplicated, p50, max);
    }

    /** Per message: answered (echo), told (another sentence: an error, "please resend"), lost, duplicated. */
    record Figures(int sent, int answered, int told, int restarted, int lost, int duplicated, long p50Ms, long maxMs) {
        @Override
        public String toString() {
            return "sent " + sent + ", answered " + answered + ", told of a failure " + told
                    + (restarted > 0 ? " (of which \"please resend\" " + restarted + ")" : "") + ", lost " + lost
                    + ", duplicated " + duplicated + ", reply latency p50 " + p50Ms + " ms, max " + maxMs + " ms";
        }
    }
}
