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

    @Test
    void theHooksTokenIsStoredApartAndRotatesTheSameWay(@TempDir Path dataDir) throws Exception {
        GatewayToken gateway = GatewayToken.resolve(null, dataDir);
        GatewayToken hooks = GatewayToken.resolveHooks(null, dataDir);
        assertThat(hooks.generated()).isTrue();
        assertThat(hooks.value()).isNotEqualTo(gateway.value());
        assertThat(Files.readString(dataDir.resolve(GatewayToken.HOOKS_FILE_NAME)).trim()).isEqualTo(hooks.value());
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(GatewayToken.HOOKS_FILE_NAME)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        String fresh = hooks.rotate(0);

        assertThat(hooks.matches(fresh)).isTrue();
        assertThat(GatewayToken.resolveHooks(null, dataDir).value()).isEqualTo(fresh);
        assertThat(GatewayToken.resolve(null, dataDir).value()).isEqualTo(gateway.value()); // untouched
        assertThatThrownBy(() -> GatewayToken.resolveHooks("hooks-0123456789abcdef0123456789abcdef", dataDir).rotate(0))
                .hasMessageContaining("hooks.token");
    }

    @Test
    void aSignInKnowsWhenItsTokenIsRotatedOut(@TempDir Path dataDir) {
        GatewayToken token = GatewayToken.resolve(null, dataDir);
        String old = token.value();
        long signedIn = token.generationOf(old);
        assertThat(token.generationOf("not-the-token")).isEqualTo(-1);
        assertThat(token.accepts(signedIn)).isTrue();

        String fresh = token.rotate(1_000);

        assertThat(token.accepts(signedIn)).isTrue(); // the grace
        assertThat(token.generationOf(old)).isEqualTo(signedIn);
        assertThat(token.retired(old)).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !token.accepts(signedIn));
        assertThat(token.retired(old)).isTrue();
        assertThat(token.retired("a guess")).isFalse();
        assertThat(token.retired(fresh)).isFalse();
        assertThat(token.accepts(token.generationOf(fresh))).isTrue();
    }
}
