package io.pigateway.core;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;

/** A service that works on the CamelContext it is added to (Camel injects it before the start). */
public abstract class CamelAwareService extends ServiceSupport implements CamelContextAware {
    private CamelContext camel;

    @Override
    public void setCamelContext(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }
}
