package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pigateway.testing.FakePi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.main.Main;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pi-rpc options the Camel way: URI options size the pool an endpoint creates, component
 * options ({@code camel.component.pi-rpc.*}) are the defaults, an unknown option fails as in any
 * Camel component. Pools of {@code poolMin=0} spawn no process, so this runs in milliseconds.
 */
class PiRpcComponentOptionsTest extends CamelTestSupport {
    @TempDir
    static Path dir;

    static PiProcessSpec fakePi() {
        return new PiProcessSpec(FakePi.command("normal"), Map.of(), dir);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        PiRpcComponent component = new PiRpcComponent();
        component.setSpec(fakePi());
        component.setPoolMin(0);
        component.setIdleTimeoutMs(5_000);
        component.setWarmUpPools("warm");
        camel.addComponent("pi-rpc", component);
        return camel;
    }

    PiRpcComponent component() {
        return context.getComponent("pi-rpc", PiRpcComponent.class);
    }

    @Test
    void uriOptionsSizeThePoolTheRestComesFromTheComponent() {
        PiRpcEndpoint endpoint = context.getEndpoint("pi-rpc:role-x?poolMax=2&poolMin=0&maxWaiting=7",
                PiRpcEndpoint.class);

        PiPoolSettings settings = component().getPool("role-x").settings();
        assertThat(endpoint.getPoolName()).isEqualTo("role-x");
        assertThat(settings.max()).isEqualTo(2);
        assertThat(settings.min()).isZero();
        assertThat(settings.maxWaiting()).isEqualTo(7);
        assertThat(settings.idleTimeoutMs()).isEqualTo(5_000);
        assertThat(settings.turnTimeoutMs()).isEqualTo(component().getTurnTimeoutMs());
    }

    @Test
    void endpointsOfOneNameShareThePoolAndCannotResizeIt() {
        PiPool pool = context.getEndpoint("pi-rpc:shared?poolMax=2", PiRpcEndpoint.class).pool();

        assertThat(context.getEndpoint("pi-rpc:shared", PiRpcEndpoint.class).pool()).isSameAs(pool);
        assertThat(context.getEndpoint("pi-rpc:shared?poolMax=2&turnTimeoutMs=5000", PiRpcEndpoint.class).pool())
                .as("same size, own turn timeout").isSameAs(pool);
        assertThatThrownBy(() -> context.getEndpoint("pi-rpc:shared?poolMax=3"))
                .rootCause().hasMessageContaining("pool 'shared' already runs with");
    }

    @Test
    void anUnknownOptionFailsLikeInAnyCamelComponent() {
        assertThatThrownBy(() -> context.getEndpoint("pi-rpc:main?poolSize=2"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("Unknown parameters=[{poolSize=2}]");
    }

    @Test
    void warmUpPoolsStartWithTheComponent() {
        assertThat(component().getPool("warm")).isNotNull();
        assertThat(component().getPool("cold")).isNull();
    }

    @Test
    void camelMainPropertiesSetTheComponentDefaults() throws Exception {
        PiRpcComponent component = new PiRpcComponent();
        component.setSpec(fakePi());
        Path properties = dir.resolve("application.properties"); // as the gateway loads config/application.properties
        Files.writeString(properties, """
                camel.component.pi-rpc.poolMin = 0
                camel.component.pi-rpc.poolMax = 9
                camel.component.pi-rpc.turnTimeoutMs = 1234
                """);
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + properties);
        main.bind("pi-rpc", component);
        main.configure().setJmxEnabled(false);
        main.start();
        try {
            assertThat(component.getPoolMax()).isEqualTo(9);
            PiPool pool = main.getCamelContext().getEndpoint("pi-rpc:y", PiRpcEndpoint.class).pool();
            assertThat(pool.settings().max()).isEqualTo(9);
            assertThat(pool.settings().min()).isZero();
            assertThat(pool.settings().turnTimeoutMs()).isEqualTo(1234);
        } finally {
            main.stop();
        }
    }

    @Test
    void poolsWarmedBeforeTheStartTakeTheOptionsBoundByCamelMain() throws Exception {
        PiRpcComponent component = new PiRpcComponent();
        component.setSpec(fakePi());
        component.setPoolMin(0);
        component.setWarmUpPools("early");
        component.warmUpNow(); // as the gateway does before camel-main's init
        PiPool early = component.getPool("early");
        assertThat(early.settings().max()).isEqualTo(4);
        Path properties = dir.resolve("early.properties");
        Files.writeString(properties, "camel.component.pi-rpc.poolMax = 7\n");
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + properties);
        main.bind("pi-rpc", component);
        main.configure().setJmxEnabled(false);
        main.start();
        try {
            assertThat(component.getPool("early")).isSameAs(early);
            assertThat(early.settings().max()).isEqualTo(7);
        } finally {
            main.stop();
        }
    }

    @Test
    void headerPiRpcPoolRunsTheExchangeOnThatPool() {
        var exchange = template.request("pi-rpc:main", ex -> {
            ex.getMessage().setHeader(PiRpcConstants.POOL, "role-h");
            ex.getMessage().setHeader(PiRpcConstants.SESSION_KEY, "agent:main:test:dm:h");
            ex.getMessage().setHeader(PiRpcConstants.ACTION, "abort"); // nothing runs: answers at once
        });

        assertThat(exchange.getException()).isNull();
        assertThat(component().getPool("role-h")).as("started on first use").isNotNull();
        assertThat(component().getPool("role-h").settings().min()).isZero();
    }
}
