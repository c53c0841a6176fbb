package io.pigateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The gateway configures logback in code, registered as a service; with an XML configuration on
 * the class path (the tests' logback-test.xml here) it steps aside.
 */
class GatewayLogConfiguratorTest {

    @Test
    void isRegisteredForLogbackAndStepsAsideForAnXmlConfiguration() {
        assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class))
                .anyMatch(c -> c instanceof GatewayLogConfigurator);
        GatewayLogConfigurator configurator = new GatewayLogConfigurator();
        LoggerContext context = new LoggerContext();
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.NEUTRAL); // logback-test.xml exists
        assertThat(context.getLogger("ROOT").iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void gatewayLevelComesFromTheEnvironmentWithInfoAsTheFallback() {
        assertThat(GatewayLogConfigurator.gatewayLevel(null)).isEqualTo(Level.INFO);
        assertThat(GatewayLogConfigurator.gatewayLevel(" debug ")).isEqualTo(Level.DEBUG);
        assertThat(GatewayLogConfigurator.gatewayLevel("chatty")).isEqualTo(Level.INFO);
    }
}
