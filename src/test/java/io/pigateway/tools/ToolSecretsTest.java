package io.pigateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolSecretsTest {
    @Test
    void eachProcessGetsItsOwnSecretWhichDiesWithIt() {
        ToolSecrets secrets = new ToolSecrets("http://127.0.0.1:1/api/tools");
        Map<String, String> one = secrets.forPool("main").envFor(1);
        Map<String, String> two = secrets.forPool("role-x").envFor(1); // ids repeat across pools
        assertThat(one.get(ToolSecrets.ENV_URL)).isEqualTo("http://127.0.0.1:1/api/tools");
        String s1 = one.get(ToolSecrets.ENV_SECRET);
        String s2 = two.get(ToolSecrets.ENV_SECRET);
        assertThat(s1).isNotEqualTo(s2).hasSizeGreaterThanOrEqualTo(32);
        assertThat(secrets.processFor(s1)).contains(new ToolSecrets.ProcessRef("main", 1));
        assertThat(secrets.processFor(s2)).contains(new ToolSecrets.ProcessRef("role-x", 1));

        assertThat(secrets.processFor(s1 + "x")).isEmpty();
        assertThat(secrets.processFor(s1.substring(1))).isEmpty();
        assertThat(secrets.processFor("")).isEmpty();
        assertThat(secrets.processFor(null)).isEmpty();

        secrets.forPool("main").onExit(1);
        assertThat(secrets.processFor(s1)).isEmpty();
        assertThat(secrets.processFor(s2)).contains(new ToolSecrets.ProcessRef("role-x", 1));
    }
}
