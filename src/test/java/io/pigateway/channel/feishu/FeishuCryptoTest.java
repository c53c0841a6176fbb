package io.pigateway.channel.feishu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lark.oapi.core.utils.Decryptor;
import com.lark.oapi.event.EventDispatcher;
import io.pigateway.testing.FeishuEventSender;
import org.junit.jupiter.api.Test;

/**
 * The callback crypto against known vectors and against the official Lark SDK as a peer: what the
 * test's Feishu encrypts and signs, the SDK accepts and the gateway decrypts.
 */
class FeishuCryptoTest {

    @Test
    void decryptsTheVectorFromFeishusDocumentation() {
        // open.feishu.cn "Encrypt Key 加密配置示例": key "test key", plaintext "hello world"
        assertThat(FeishuCrypto.decrypt("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="))
                .isEqualTo("hello world");
    }

    @Test
    void decryptsARealEventCapturedInAnSdkTest() {
        String encrypted = "FIAfJPGRmFZWkaxPQ1XrJZVbv2JwdjfLk4jx0k/U1deAqYK3AXOZ5zcHt/cC4ZNTqYwWUW/EoL+b2hW/C4zoAQQ5CeMtbxX2zHjm+E4nX/Aww+FHUL6iuIMaeL2KLxqdtbHRC50vgC2YI7xohnb3KuCNBMUzLiPeNIpVdnYaeteCmSaESb+AZpJB9PExzTpRDzCRv+T6o5vlzaE8UgIneC1sYu85BnPBEMTSuj1ZZzfdQi7ZW992Z4dmJxn9e8FL2VArNm99f5Io3c2O4AcNsQENNKtfAAxVjCqc3mg5jF0nKabA+u/5vrUD76flX1UOF5fzJ0sApG2OEn9wfyPDRBsApn9o+fceF9hNrYBGsdtZrZYyGG387CGOtKsuj8e2E8SNp+Pn4E9oYejOTR+ZNLNi+twxaXVlJhr6l+RXYwEiMGQE9zGFBD6h2dOhKh3W84p1GEYnSRIz1+9/Hp66arjC7RCrhuW5OjCj4QFEQJiwgL45XryxHtiZ7JdAlPmjVsL03CxxFZarzxzffryrWUG3VkRdHRHbTsC34+ScoL5MTDU1QAWdqUC1T7xT0lCvQELaIhBTXAYrznJl6PlA83oqlMxpHh0gZBB1jFbfoUr7OQbBs1xqzpYK6Yjux6diwpQB1zlZErYJUfCqK7G/zI9yK/60b4HW0k3M+AvzMcw=";
        String plain = FeishuCrypto.decrypt("kudryavka", encrypted);
        assertThat(plain).contains("\"type\":\"event_callback\"", "\"open_id\":\"ou_2ef04637d933f798dcb92c99e845ed09\"");
    }

    @Test
    void wrongKeyOrGarbageIsRefused() {
        String encrypted = FeishuEventSender.encrypt("right key", "{\"a\":1}");
        assertThatThrownBy(() -> {
            String plain = FeishuCrypto.decrypt("wrong key", encrypted);
            if (!plain.startsWith("{")) {
                throw new IllegalArgumentException("garbage");
            }
        }).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeishuCrypto.decrypt("k", "not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeishuCrypto.decrypt("k", "AAAA")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSdkDecryptsWhatTheTestFeishuSendsAndSoDoesTheGateway() throws Exception {
        String plain = "{\"schema\":\"2.0\",\"header\":{\"event_id\":\"e1\"},\"text\":\"héllo 你好\"}";
        String encrypted = FeishuEventSender.encrypt("my encrypt key", plain);
        assertThat(new Decryptor("my encrypt key").decrypt(encrypted)).isEqualTo(plain);
        assertThat(FeishuCrypto.decrypt("my encrypt key", encrypted)).isEqualTo(plain);
    }

    @Test
    void signatureMatchesTheSdksAndIsCheckedStrictly() throws Exception {
        String body = "{\"encrypt\":\"abc\"}";
        String sdk = new SdkPeer().sign("1700000000", "nonce-1", "my encrypt key", body);
        assertThat(FeishuCrypto.signature("1700000000", "nonce-1", "my encrypt key", body)).isEqualTo(sdk);
        assertThat(FeishuEventSender.sign("1700000000", "nonce-1", "my encrypt key", body)).isEqualTo(sdk);
        assertThat(FeishuCrypto.signatureMatches("1700000000", "nonce-1", "my encrypt key", body, sdk)).isTrue();
        assertThat(FeishuCrypto.signatureMatches("1700000001", "nonce-1", "my encrypt key", body, sdk)).isFalse();
        assertThat(FeishuCrypto.signatureMatches("1700000000", "nonce-1", "my encrypt key", body + " ", sdk)).isFalse();
        assertThat(FeishuCrypto.signatureMatches("1700000000", "nonce-1", "my encrypt key", body, null)).isFalse();
    }

    /** The SDK's own signature computation (protected in its dispatcher). */
    static final class SdkPeer extends EventDispatcher {
        SdkPeer() {
            super(EventDispatcher.newBuilder("token", "my encrypt key"));
        }

        String sign(String timestamp, String nonce, String key, String body) throws Exception {
            return calculateSignature(timestamp, nonce, key, body);
        }
    }
}
