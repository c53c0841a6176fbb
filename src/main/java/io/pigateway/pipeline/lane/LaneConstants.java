package io.pigateway.pipeline.lane;

import org.apache.camel.spi.Metadata;

/** Headers and properties of the {@code lane:} component. */
public final class LaneConstants {

    @Metadata(label = "producer", description = "The session key whose lane the message joins (required)",
            javaType = "String")
    public static final String SESSION_KEY = io.pigateway.core.GatewayHeaders.SESSION_KEY;

    @Metadata(label = "producer", description = "The role whose capabilities serve the turn", javaType = "String")
    public static final String ROLE = io.pigateway.core.GatewayHeaders.ROLE;

    @Metadata(label = "producer", description = "Exchange property: who watches the answer (a TurnObserver)",
            javaType = "io.pigateway.core.TurnObserver")
    public static final String OBSERVER = io.pigateway.core.GatewayHeaders.OBSERVER;

    @Metadata(label = "producer", description = "Exchange property: true when the observer is the channel's own"
            + " delivery (nobody waits here), so any instance can rebuild it", javaType = "Boolean")
    public static final String CHANNEL_ANSWER = "PiGatewayLaneChannelAnswer";

    @Metadata(label = "consumer", description = "Exchange property: call it exactly once when the turn is over",
            javaType = "Runnable")
    public static final String ON_FINISHED = "PiGatewayLaneOnFinished";

    private LaneConstants() {
    }
}
