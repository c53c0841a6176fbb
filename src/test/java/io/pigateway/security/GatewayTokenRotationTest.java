package io.pigateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTokenRotationTest {
    @Test
    void theNewTokenWorksAtOnceAndTheOldOneOnlyDuringTheGrace(@TempDir Path dataDir) throws Exception {
        GatewayToken token = GatewayToken.resolve(null, dataDir);
        String old = token.value();

        String fresh = token.rotate(3_000);

        assertThat(fresh).isNotEqualTo(old);
        assertThat(Files.readString(dataDir.resolve(GatewayToken.FILE_NAME)).trim()).isEqualTo(fresh);
        assertThat(token.matches(fresh)).isTrue();
        assertThat(token.matches(old)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !token.matches(old));
        assertThat(token.matches(fresh)).isTrue();
        assertThat(GatewayToken.resolve(null, dataDir).value()).isEqualTo(fresh); // a restart keeps the new one
    }

    @Test
    void aTokenFromTheConfigIsNotRotatedHere(@TempDir Path dataDir) {
        GatewayToken token = GatewayToken.resolve("configured-token-0123456789abcdef-xyz", dataDir);
        assertThat(token.rotatable()).isFalse();
        assertThatThrownBy(() -> token.rotate(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.auth.token");
    }
}
