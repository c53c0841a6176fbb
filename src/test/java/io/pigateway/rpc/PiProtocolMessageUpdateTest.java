package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiProtocolMessageUpdateTest {
    private static final String MESSAGE = "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"echo: he\\\"llo\"}],"
            + "\"usage\":{\"input\":1}}";

    @Test
    void messageUpdateKeepsTheEventButNotTheTwoCopiesOfTheMessage() {
        String line = "{\"type\":\"message_update\",\"assistantMessageEvent\":{\"type\":\"text_delta\",\"contentIndex\":0,"
                + "\"delta\":\"llo \\u00e9\\\"\",\"partial\":" + MESSAGE + "},\"message\":" + MESSAGE + "}";

        PiProtocol.Line parsed = PiProtocol.parse(line);

        assertThat(parsed).isInstanceOf(PiProtocol.Event.class);
        PiEvent event = ((PiProtocol.Event) parsed).event();
        assertThat(event.type()).isEqualTo("message_update");
        assertThat(event.textDelta()).isEqualTo("llo é\"");
        assertThat(event.json().path("assistantMessageEvent").path("contentIndex").asInt(-1)).isZero();
        assertThat(event.json().has("message")).isFalse();
        assertThat(event.json().path("assistantMessageEvent").has("partial")).isFalse();
    }

    @Test
    void otherMessageUpdateFieldsAreKept() {
        String line = "{\"type\":\"message_update\",\"assistantMessageEvent\":{\"type\":\"toolcall_end\",\"contentIndex\":1,"
                + "\"toolCall\":{\"name\":\"bash\",\"arguments\":{\"cmd\":\"ls\"}}},\"extra\":[1,2]}";

        PiEvent event = ((PiProtocol.Event) PiProtocol.parse(line)).event();

        assertThat(event.textDelta()).isNull();
        assertThat(event.json().path("assistantMessageEvent").path("toolCall").path("arguments").path("cmd").asText())
                .isEqualTo("ls");
        assertThat(event.json().path("extra").size()).isEqualTo(2);
    }

    @Test
    void truncatedMessageUpdateIsGarbage() {
        assertThat(PiProtocol.parse("{\"type\":\"message_update\",\"assistantMessageEvent\":{\"delta\":\"x"))
                .isInstanceOf(PiProtocol.Garbage.class);
    }

    @Test
    void bytesAndStringParseAlike() {
        String line = "{\"type\":\"message_update\",\"assistantMessageEvent\":{\"type\":\"text_delta\",\"contentIndex\":0,"
                + "\"delta\":\"\u00fcber \u2028 \uD83D\uDE00\",\"partial\":" + MESSAGE + "},\"message\":" + MESSAGE + "}";
        byte[] bytes = (line + "trailing bytes beyond len").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int len = line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;

        PiEvent fromBytes = ((PiProtocol.Event) PiProtocol.parse(bytes, len)).event();
        PiEvent fromString = ((PiProtocol.Event) PiProtocol.parse(line)).event();

        assertThat(fromBytes.textDelta()).isEqualTo("\u00fcber \u2028 \uD83D\uDE00").isEqualTo(fromString.textDelta());
        assertThat(PiProtocol.parse("{\"type\":\"agent_end\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 20))
                .isInstanceOf(PiProtocol.Event.class);
    }
}
