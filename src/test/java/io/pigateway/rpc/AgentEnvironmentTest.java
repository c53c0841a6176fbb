package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentEnvironmentTest {

    static final Map<String, String> GATEWAY_ENV = Map.of(
            "PATH", "/usr/bin", "HOME", "/root", "LC_ALL", "C.UTF-8", "PI_OFFLINE", "1", "NODE_OPTIONS", "--x",
            "ANTHROPIC_API_KEY", "sk-ant", "TELEGRAM_BOT_TOKEN", "123:abc", "HOOKS_TOKEN", "hooks",
            "DATABASE_URL", "postgres://u:p@db", "OPENAI_API_KEY", "sk-openai");

    @Test
    void passesWhatAShellAndPiNeedAndNoOtherSecret() {
        Map<String, String> env = new AgentEnvironment(Set.of(), Set.of()).filter(GATEWAY_ENV);
        assertThat(env).containsKeys("PATH", "HOME", "LC_ALL", "PI_OFFLINE", "NODE_OPTIONS", "ANTHROPIC_API_KEY",
                "OPENAI_API_KEY").doesNotContainKeys("TELEGRAM_BOT_TOKEN", "HOOKS_TOKEN", "DATABASE_URL");
    }

    @Test
    void aVariableTheConfigReadStaysWithTheGatewayUnlessListed() {
        // the config used ${OPENAI_API_KEY} for something of the gateway's own
        Map<String, String> env = new AgentEnvironment(Set.of(), Set.of("OPENAI_API_KEY", "TELEGRAM_BOT_TOKEN"))
                .filter(GATEWAY_ENV);
        assertThat(env).doesNotContainKeys("OPENAI_API_KEY", "TELEGRAM_BOT_TOKEN").containsKey("ANTHROPIC_API_KEY");

        Map<String, String> listed = new AgentEnvironment(Set.of("OPENAI_API_KEY", "DATABASE_URL"),
                Set.of("OPENAI_API_KEY")).filter(GATEWAY_ENV);
        assertThat(listed).containsEntry("OPENAI_API_KEY", "sk-openai").containsEntry("DATABASE_URL", "postgres://u:p@db");
    }
}
