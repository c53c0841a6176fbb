package io.pigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code pi-gw gateway --camel-properties PATH} is an option of the gateway command. */
class GatewayCommandOptionsTest {
    @Test
    void camelPropertiesOptionIsParsed() {
        GatewayCommand command = CommandLine.populateCommand(new GatewayCommand(), "--camel-properties", "/etc/pi/camel.properties");
        assertThat(command.camelProperties).isEqualTo("/etc/pi/camel.properties");
        assertThat(CommandLine.populateCommand(new GatewayCommand()).camelProperties).isNull();
    }
}
