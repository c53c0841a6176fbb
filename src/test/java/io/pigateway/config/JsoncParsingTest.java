package io.pigateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsoncParsingTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void lineAndBlockCommentsAreIgnored() {
        GatewayConfig config = ConfigLoader.parse("""
                // leading comment
                {
                  /* block
                     comment */
                  "gateway": { "port": 8080 }, // trailing comment
                  # hash comment
                }
                """, NO_ENV);

        assertThat(config.gateway().port()).isEqualTo(8080);
    }

    @Test
    void trailingCommasInObjectsAndListsAreAccepted() {
        GatewayConfig config = ConfigLoader.parse("""
                {
                  "agent": { "skillsBase": ["a", "b",], "pool": { "max": 2, }, },
                }
                """, NO_ENV);

        assertThat(config.agent().skillsBase()).containsExactly("a", "b");
        assertThat(config.agent().pool().max()).isEqualTo(2);
    }

    @Test
    void commentMarkersInsideStringsStayIntact() {
        GatewayConfig config = ConfigLoader.parse("""
                {
                  "channels": { "telegram": {
                    "apiBaseUrl": "https://x", // a real comment
                    "webhookUrl": "http://host/a//b/*c*/#d"
                  } }
                }
                """, NO_ENV);

        assertThat(config.channels().telegram().apiBaseUrl()).isEqualTo("https://x");
        assertThat(config.channels().telegram().webhookUrl()).isEqualTo("http://host/a//b/*c*/#d");
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                {
                  "gateway": {
                    "port": 1,
                  ]
                }
                """, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("syntax error at line 4, column 3");
    }

    private static String syntaxError(String jsonc) {
        return catchThrowable(() -> ConfigLoader.parse(jsonc, NO_ENV)).getMessage();
    }

    @Test
    void aMissingCommaNamesTheSpotShowsTheLineAndSaysWhatWasExpected() {
        assertThat(syntaxError("{\"gateway\":{\"port\":52199 52200}}")).endsWith("""
                syntax error at line 1, column 26: expected ',' or '}' after a value, found '5'
                      {"gateway":{"port":52199 52200}}
                                               ^""");
        assertThat(syntaxError("{\n  \"a\": [1 2]\n}")).contains("syntax error at line 2, column 11: expected ',' or ']'");
    }

    @Test
    void anExtraClosingBraceIsNamedWithItsPosition() {
        assertThat(syntaxError("{ \"gateway\": { \"port\": 1 } } }")).endsWith("""
                syntax error at line 1, column 30: extra text after the configuration's closing '}' (an extra '}' or ']'?); expected the end of the file
                      { "gateway": { "port": 1 } } }
                                                   ^""");
        assertThat(syntaxError("{ \"gateway\": { \"port\": 1 }")).contains("the file ends too early");
    }

    @Test
    void onlyJsoncIsAcceptedNotUnquotedKeysOrMissingCommas() {
        assertThat(syntaxError("{ gateway: { } }")).contains("syntax error at line 1, column 3: expected a key in double quotes");
        assertThat(syntaxError("{ \"a\": 1\n  \"b\": 2 }")).contains("syntax error at line 2, column 3: expected ','");
        assertThat(syntaxError("{ \"a\": 'x' }")).contains("expected a value");
        assertThat(syntaxError("{ \"a\" 1 }")).contains("expected ':' after the key");
    }

    @Test
    void rootMustBeAnObject() {
        assertThatThrownBy(() -> ConfigLoader.parse("[1, 2]", NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void emptyTextAndEmptyObjectYieldDefaults() {
        assertThat(ConfigLoader.parse("", NO_ENV)).isEqualTo(GatewayConfig.defaults());
        assertThat(ConfigLoader.parse("// nothing yet\n{}", NO_ENV)).isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void duplicateKeyWarnsAndLastValueWins() {
        LoadedConfig loaded = ConfigLoader.parseLoaded("""
                { "gateway": { "port": 1000, "port": 2000 } }
                """, NO_ENV);

        assertThat(loaded.config().gateway().port()).isEqualTo(2000);
        assertThat(loaded.warnings()).containsExactly("gateway.port: duplicate key; the last value wins");
    }

    @Test
    void largeNumbersKeepTheirValue() {
        GatewayConfig config = ConfigLoader.parse("""
                { "agent": { "turnTimeoutMs": 86400000000 } }
                """, NO_ENV);

        assertThat(config.agent().turnTimeoutMs()).isEqualTo(86_400_000_000L);
    }
}
