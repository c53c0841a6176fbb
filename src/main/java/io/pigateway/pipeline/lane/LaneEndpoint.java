package io.pigateway.pipeline.lane;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** {@code lane:name[?queueMode=...&maxPerSession=...]}: one named set of session lanes. */
@UriEndpoint(firstVersion = "1.0", scheme = "lane", title = "Session lanes", syntax = "lane:name",
        category = {Category.CORE}, headersClass = LaneConstants.class)
public final class LaneEndpoint extends DefaultEndpoint {

    @UriPath(description = "The name of the lane set")
    private final String name;
    @UriParam(description = "steer, followup, collect or interrupt", defaultValue = "steer")
    private String queueMode;
    @UriParam(description = "Messages that may wait per session", defaultValue = "20")
    private int maxPerSession;

    LaneEndpoint(String uri, LaneComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    LaneComponent.Lane lane() {
        return ((LaneComponent) getComponent()).lane(name, queueMode, maxPerSession);
    }

    @Override
    public Producer createProducer() {
        return new LaneProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = new LaneConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getName() {
        return name;
    }

    public String getQueueMode() {
        return queueMode;
    }

    public void setQueueMode(String queueMode) {
        this.queueMode = queueMode;
    }

    public int getMaxPerSession() {
        return maxPerSession;
    }

    public void setMaxPerSession(int maxPerSession) {
        this.maxPerSession = maxPerSession;
    }
}
