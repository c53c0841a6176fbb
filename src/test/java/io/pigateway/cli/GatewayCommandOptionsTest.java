package io.pigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.GatewayConfig;
import io.pigateway.config.LoadedConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code pi-gw gateway --camel-properties PATH} replaces gateway.camelProperties and nothing else. */
class GatewayCommandOptionsTest {
    @Test
    void camelPropertiesOptionOverridesTheConfigKey() {
        LoadedConfig loaded = new LoadedConfig(GatewayConfig.defaults(), null, List.of("a warning"));
        assertThat(loaded.config().gateway().camelProperties()).isEqualTo("config/application.properties");

        GatewayCommand command = CommandLine.populateCommand(new GatewayCommand(), "--camel-properties", "/etc/pi/camel.properties");
        LoadedConfig changed = command.withCamelProperties(loaded);

        assertThat(changed.config().gateway().camelProperties()).isEqualTo("/etc/pi/camel.properties");
        assertThat(changed.config().gateway().withCamelProperties("config/application.properties"))
                .isEqualTo(loaded.config().gateway());
        assertThat(changed.config().agent()).isEqualTo(loaded.config().agent());
        assertThat(changed.warnings()).containsExactly("a warning");
        assertThat(CommandLine.populateCommand(new GatewayCommand()).withCamelProperties(loaded)).isSameAs(loaded);
    }
}
