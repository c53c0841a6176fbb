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

/**
 * Sends turns and session commands to a named pool of pi processes. The pool options override the
 * component's for the pool this endpoint creates; unset, they take the component's (see
 * {@link PiRpcComponent} for pools shared by several endpoints).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "pi-rpc", title = "pi RPC", syntax = "pi-rpc:poolName",
        producerOnly = true, category = {Category.AI}, headersClass = PiRpcConstants.class)
public class PiRpcEndpoint extends DefaultEndpoint {
    @UriPath(description = "Name of the pi process pool, shared by every endpoint that names it")
    @Metadata(required = true)
    private String poolName;

    @UriParam(label = "pool", description = "Processes the pool keeps running even when idle (default: the component's)")
    private Integer poolMin;
    @UriParam(label = "pool", description = "Most processes the pool runs (default: the component's)")
    private Integer poolMax;
    @UriParam(label = "pool", description = "An idle process above poolMin is stopped after this many ms")
    private Long idleTimeoutMs;
    @UriParam(label = "pool", description = "Turns that may wait for a free process; one more is refused as busy")
    private Integer maxWaiting;
    @UriParam(label = "advanced", description = "Restart a process that does not answer within this many ms of its start")
    private Long startTimeoutMs;
    @UriParam(label = "advanced", description = "Longest line of pi's output kept, in bytes")
    private Integer maxLineBytes;
    @UriParam(label = "producer",
            description = "Turn timeout in ms of this endpoint's turns (default: the pool's; header PiRpcTimeoutMs overrides)")
    private Long turnTimeoutMs;

    private volatile PiPool pool;

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
        pool(); // warms the pool's minimum in the background when the route starts
    }

    PiPool pool() {
        PiPool p = pool;
        if (p == null || p != getComponent().getPool(poolName)) { // first use, or the component restarted
            p = getComponent().pool(this);
            pool = p;
        }
        return p;
    }

    /** {@code base} with this endpoint's pool options applied. */
    PiPoolSettings poolSettings(PiPoolSettings base) {
        return new PiPoolSettings(poolMin != null ? poolMin : base.min(), poolMax != null ? poolMax : base.max(),
                idleTimeoutMs != null ? idleTimeoutMs : base.idleTimeoutMs(),
                maxWaiting != null ? maxWaiting : base.maxWaiting(), base.turnTimeoutMs(),
                startTimeoutMs != null ? startTimeoutMs : base.startTimeoutMs(),
                maxLineBytes != null ? maxLineBytes : base.maxLineBytes());
    }

    public String getPoolName() {
        return poolName;
    }

    public void setPoolName(String poolName) {
        this.poolName = poolName;
    }

    public Integer getPoolMin() {
        return poolMin;
    }

    public void setPoolMin(Integer poolMin) {
        this.poolMin = poolMin;
    }

    public Integer getPoolMax() {
        return poolMax;
    }

    public void setPoolMax(Integer poolMax) {
        this.poolMax = poolMax;
    }

    public Long getIdleTimeoutMs() {
        return idleTimeoutMs;
    }

    public void setIdleTimeoutMs(Long idleTimeoutMs) {
        this.idleTimeoutMs = idleTimeoutMs;
    }

    public Integer getMaxWaiting() {
        return maxWaiting;
    }

    public void setMaxWaiting(Integer maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    public Long getStartTimeoutMs() {
        return startTimeoutMs;
    }

    public void setStartTimeoutMs(Long startTimeoutMs) {
        this.startTimeoutMs = startTimeoutMs;
    }

    public Integer getMaxLineBytes() {
        return maxLineBytes;
    }

    public void setMaxLineBytes(Integer maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    public Long getTurnTimeoutMs() {
        return turnTimeoutMs;
    }

    public void setTurnTimeoutMs(Long turnTimeoutMs) {
        this.turnTimeoutMs = turnTimeoutMs;
    }
}
