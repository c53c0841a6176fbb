package io.pigateway.channel.discord;

import java.util.EnumSet;
import java.util.concurrent.Executors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's JDA client: REST at {@code apiBaseUrl}, the gateway at {@code gatewayUrl}, the
 * three intents the gateway needs, and the connection state {@code /health} and {@code doctor}
 * show. A rejected token or refused intents stop this account only, with a sentence that says what
 * to do; the rest of the gateway keeps running. JDA itself resumes after a dropped socket, op 7 and
 * missed heartbeat ACKs, and identifies afresh after op 9.
 */
final class DiscordConnection {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordConnection.class);
    static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.DIRECT_MESSAGES,
            GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT);
    static final String TOKEN_REJECTED = "Discord rejected the token";
    static final String INTENTS_REFUSED = "Discord refused the gateway intents (close code 4014): enable the"
            + " Message Content intent in the Developer Portal (Bot > Privileged Gateway Intents)";

    private final String accountId;
    private volatile JDA jda;
    private volatile String failure;
    private volatile boolean stopping;
    private final io.pigateway.core.channel.ChannelCounters counters;

    private final io.pigateway.core.channel.AccountParking parking;

    /**
     * @param counters where resumed and re-identified sessions count as reconnects ({@code /metrics})
     * @param parking  where a failure for good parks the account (JDA retries everything else itself)
     */
    DiscordConnection(String accountId, io.pigateway.core.channel.ChannelCounters counters,
                      io.pigateway.core.channel.AccountParking parking) {
        this.accountId = accountId;
        this.counters = counters;
        this.parking = parking;
    }

    /** Logs in (checks the token) and starts connecting; does not wait for READY. */
    void start(String token, String apiBaseUrl, DiscordGatewayUrl gateway, EventListener listener) {
        String rest = apiBaseUrl.endsWith("/") ? apiBaseUrl : apiBaseUrl + "/";
        try {
            jda = JDABuilder.createLight(token, INTENTS)
                    .setRestConfig(new RestConfig().setBaseUrl(rest))
                    .setSessionController(new SessionControllerAdapter() {
                        @Override
                        public String getGateway() {
                            return gateway.base();
                        }
                    })
                    .setCompression(gateway.compression())
                    .setEnableShutdownHook(false)
                    // events off the WebSocket read thread: a slow download must not delay heartbeat ACKs;
                    // one thread keeps each account's messages in order
                    .setEventPool(Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "discord-events-" + accountId);
                        t.setDaemon(true);
                        return t;
                    }), true)
                    .addEventListeners(listener, (EventListener) event -> {
                        if (event instanceof net.dv8tion.jda.api.events.session.SessionResumeEvent
                                || event instanceof net.dv8tion.jda.api.events.session.SessionRecreateEvent) {
                            counters.reconnect();
                        }
                    })
                    .build();
        } catch (InvalidTokenException e) {
            fail(TOKEN_REJECTED + " (account '" + accountId + "'): check channels.discord.token");
        } catch (RuntimeException e) {
            fail("could not connect to Discord (account '" + accountId + "'): " + e.getMessage());
        }
    }

    /** The gateway closed for good (JDA does not reconnect after these codes). */
    void closedFor(CloseCode code, int rawCode) {
        if (stopping || jda == null) {
            return; // our own shutdown, or a failed login (build() throws and says why)
        }
        if (code == CloseCode.DISALLOWED_INTENTS || rawCode == 4014) {
            fail(INTENTS_REFUSED + " (account '" + accountId + "')");
        } else if (code == CloseCode.AUTHENTICATION_FAILED) {
            fail(TOKEN_REJECTED + " (account '" + accountId + "', close code 4004)");
        } else if (failure == null) {
            fail("the Discord gateway closed the connection (account '" + accountId + "', close code " + rawCode
                    + (code != null ? ", " + code.getMeaning() : "") + ")");
        }
    }

    private void fail(String reason) {
        failure = reason;
        LOG.error("{}; the Discord account stopped, the rest of the gateway keeps running", reason);
        parking.fatal(accountId, reason);
    }

    /** The client once it is connected (or reconnecting), else null. */
    JDA client() {
        return failure == null ? jda : null;
    }

    /** {@code connected}, {@code connecting}, {@code reconnecting} or {@code failed}. */
    String state() {
        if (failure != null || jda == null) {
            return "failed";
        }
        return switch (jda.getStatus()) {
            case CONNECTED -> "connected";
            case ATTEMPTING_TO_RECONNECT, WAITING_TO_RECONNECT, RECONNECT_QUEUED, DISCONNECTED -> "reconnecting";
            case SHUTTING_DOWN, SHUTDOWN, FAILED_TO_LOGIN -> "failed";
            default -> "connecting";
        };
    }

    /**
     * Waits until the account is connected (its channel cache filled, so a reply finds its channel);
     * false when it failed or stopped instead.
     */
    boolean awaitConnected() {
        JDA client = jda;
        if (client == null || failure != null) {
            return false;
        }
        try {
            client.awaitStatus(JDA.Status.CONNECTED, JDA.Status.FAILED_TO_LOGIN, JDA.Status.SHUTDOWN);
            return failure == null;
        } catch (IllegalStateException stopped) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String failure() {
        return failure;
    }

    long botId() {
        return jda != null ? jda.getSelfUser().getIdLong() : 0;
    }

    void stop() {
        stopping = true;
        JDA client = jda;
        if (client != null) {
            client.shutdownNow();
            try {
                client.awaitShutdown(java.time.Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
