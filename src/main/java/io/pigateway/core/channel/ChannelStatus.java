package io.pigateway.core.channel;

/**
 * How one account of a channel reaches its platform right now, for the health checks and
 * {@code /metrics}: {@code UP}, {@code DEGRADED} (working with trouble, e.g. retrying) or
 * {@code DOWN} (not receiving: a poller that stopped polling, a rejected token).
 *
 * @param reason      why it is not up, a sentence for the operator; null when up
 * @param sinceMillis when it entered this state (epoch ms), 0 when unknown
 */
public record ChannelStatus(String account, State state, String reason, long sinceMillis) {

    public enum State { UP, DEGRADED, DOWN }

    public static ChannelStatus up(String account, long sinceMillis) {
        return new ChannelStatus(account, State.UP, null, sinceMillis);
    }
}
