package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigateway.config.AgentConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiCommandLineTest {
    private static AgentConfig agent(String model, String thinking, String append, List<String> skillsBase,
                                     List<String> skillsGateway, List<String> extensions, List<String> templates,
                                     String agentDir) {
        return new AgentConfig(null, model, null, null, thinking, new AgentConfig.RuntimeConfig(agentDir, null),
                skillsBase, skillsGateway, extensions, templates, null, append, "/work/space", null, null, null, null, null, null);
    }

    @Test
    void defaultsDisableDiscoveryAndKeepContextFiles() {
        List<String> cmd = PiCommandLine.build(AgentConfig.defaults(), Path.of("/opt/pi"));
        assertThat(cmd).containsExactly("/opt/pi", "--mode", "rpc", "--no-session", "--thinking", "off",
                "--no-skills", "--no-extensions", "--no-prompt-templates", "--no-themes");
        assertThat(cmd).doesNotContain("--no-context-files");
        assertThat(PiCommandLine.env(AgentConfig.defaults())).isEmpty();
    }

    @Test
    void configuredFlagsInOrder() {
        AgentConfig a = agent("fake/fake-echo", "high", "Be brief.", List.of("/s/base"), List.of("/s/gw"),
                List.of("/e/gateway.ts"), List.of("/t"), "/pi/agent");
        List<String> cmd = PiCommandLine.build(a, Path.of("pi"),
                new AgentConfig.RoleCapability(List.of("/s/role"), List.of("/e/role.ts"), null));
        assertThat(cmd).containsExactly("pi", "--mode", "rpc", "--no-session",
                "--model", "fake/fake-echo", "--thinking", "high", "--append-system-prompt", "Be brief.",
                "--no-skills", "--skill", "/s/role", "--skill", "/s/gw", "--skill", "/s/base",
                "--no-extensions", "--extension", "/e/role.ts", "--extension", "/e/gateway.ts",
                "--no-prompt-templates", "--prompt-template", "/t", "--no-themes");
        assertThat(cmd).doesNotContain("set_model", "--provider");
        assertThat(PiCommandLine.env(a)).containsEntry("PI_CODING_AGENT_DIR", "/pi/agent");
        assertThat(PiCommandLine.spec(a, Path.of("pi")).workingDir()).isEqualTo(Path.of("/work/space"));
    }

    @Test
    void modelFallsBackToTheFailoverPrimary() {
        AgentConfig a = new AgentConfig(null, null, new AgentConfig.ModelFailover("p/m", null, null, null), null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(PiCommandLine.build(a, Path.of("pi"))).containsSubsequence("--model", "p/m");
    }
}
