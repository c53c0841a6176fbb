package io.pigateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolSecretsTest {
    @Test
    void eachProcessGetsItsOwnSecretWhichDiesWithIt() {
        ToolSecrets secrets = new ToolSecrets("http://127.0.0.1:1/api/tools");
        Map<String, String> one = secrets.envFor(1);
        Map<String, String> two = secrets.envFor(2);
        assertThat(one.get(ToolSecrets.ENV_URL)).isEqualTo("http://127.0.0.1:1/api/tools");
        String s1 = one.get(ToolSecrets.ENV_SECRET);
        String s2 = two.get(ToolSecrets.ENV_SECRET);
        assertThat(s1).isNotEqualTo(s2).hasSizeGreaterThanOrEqualTo(32);
        assertThat(secrets.processFor(s1)).hasValue(1);
        assertThat(secrets.processFor(s2)).hasValue(2);

        assertThat(secrets.processFor(s1 + "x")).isEmpty();
        assertThat(secrets.processFor(s1.substring(1))).isEmpty();
        assertThat(secrets.processFor("")).isEmpty();
        assertThat(secrets.processFor(null)).isEmpty();

        secrets.onExit(1);
        assertThat(secrets.processFor(s1)).isEmpty();
        assertThat(secrets.processFor(s2)).hasValue(2);
    }
}
