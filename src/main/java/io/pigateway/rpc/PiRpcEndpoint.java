package io.pigateway.rpc;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** Sends turns and session commands to a pool of pi processes. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "pi-rpc", title = "pi RPC", syntax = "pi-rpc:poolName",
        producerOnly = true, category = {Category.AI}, headersClass = PiRpcConstants.class)
public class PiRpcEndpoint extends DefaultEndpoint {
    @UriPath(description = "Name of the pi process pool")
    @Metadata(required = true)
    private String poolName;

    @UriParam(description = "Turn timeout in ms; default from the pool settings (header PiRpcTimeoutMs overrides)")
    private long turnTimeoutMs;

    public PiRpcEndpoint(String uri, PiRpcComponent component, String poolName) {
        super(uri, component);
        this.poolName = poolName;
    }

    @Override
    public PiRpcComponent getComponent() {
        return (PiRpcComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new PiRpcProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("pi-rpc is producer-only; events arrive through the PiRpcListener header");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        pool(); // warm the pool's minimum in the background when the route starts
    }

    PiPool pool() {
        return getComponent().pool(poolName);
    }

    public String getPoolName() {
        return poolName;
    }

    public void setPoolName(String poolName) {
        this.poolName = poolName;
    }

    public long getTurnTimeoutMs() {
        return turnTimeoutMs;
    }

    public void setTurnTimeoutMs(long turnTimeoutMs) {
        this.turnTimeoutMs = turnTimeoutMs;
    }
}
