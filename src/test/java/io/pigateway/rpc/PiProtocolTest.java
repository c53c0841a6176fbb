package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PiProtocolTest {
    @Test
    void parsesResponsesWithAndWithoutId() {
        var ok = (PiProtocol.Response) PiProtocol.parse("{\"id\":\"p1\",\"type\":\"response\",\"command\":\"prompt\",\"success\":true}");
        assertThat(ok.id()).isEqualTo("p1");
        assertThat(ok.success()).isTrue();
        var bad = (PiProtocol.Response) PiProtocol.parse(
                "{\"type\":\"response\",\"command\":\"frobnicate\",\"success\":false,\"error\":\"Unknown command: frobnicate\"}");
        assertThat(bad.id()).isNull();
        assertThat(bad.error()).isEqualTo("Unknown command: frobnicate");
        var state = (PiProtocol.Response) PiProtocol.parse(
                "{\"id\":\"g\",\"type\":\"response\",\"command\":\"get_state\",\"success\":true,\"data\":{\"isCompacting\":false}}");
        assertThat(state.data().path("isCompacting").isBoolean()).isTrue();
    }

    @Test
    void parsesEventsAndTextDeltas() {
        var ev = (PiProtocol.Event) PiProtocol.parse("{\"type\":\"message_update\",\"assistantMessageEvent\":"
                + "{\"type\":\"text_delta\",\"contentIndex\":0,\"delta\":\"echo: he\"}}");
        assertThat(ev.event().type()).isEqualTo("message_update");
        assertThat(ev.event().textDelta()).isEqualTo("echo: he");
    }

    @Test
    void recognisesExtensionDialogs() {
        var dialog = (PiProtocol.UiRequest) PiProtocol.parse("{\"type\":\"extension_ui_request\",\"id\":\"u1\",\"method\":\"confirm\"}");
        assertThat(dialog.isDialog()).isTrue();
        var notify = (PiProtocol.UiRequest) PiProtocol.parse("{\"type\":\"extension_ui_request\",\"id\":\"u2\",\"method\":\"notify\"}");
        assertThat(notify.isDialog()).isFalse();
        assertThat(PiProtocol.cancelDialog("u1")).isEqualTo("{\"type\":\"extension_ui_response\",\"id\":\"u1\",\"cancelled\":true}");
    }

    @Test
    void garbageIsNotFatal() {
        assertThat(PiProtocol.parse("not json")).isInstanceOf(PiProtocol.Garbage.class);
        assertThat(PiProtocol.parse("[1,2]")).isInstanceOf(PiProtocol.Garbage.class);
        assertThat(PiProtocol.parse("{\"no\":\"type\"}")).isInstanceOf(PiProtocol.Garbage.class);
    }

    @Test
    void buildsCommandsWithId() {
        assertThat(PiProtocol.command("s-1", "switch_session", PiProtocol.fields().put("sessionPath", "/a/b.jsonl")))
                .isEqualTo("{\"id\":\"s-1\",\"type\":\"switch_session\",\"sessionPath\":\"/a/b.jsonl\"}");
    }

    @Test
    void lineReaderSplitsOnNewlineOnlyAndDropsOverlongLines() throws IOException {
        String big = "x".repeat(100);
        String input = "{\"a\":\"u\u2028v\r\"}\n" + big + "\nshort\nlast-unterminated";
        JsonLineReader reader = new JsonLineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 50);
        assertThat(reader.readLine()).isEqualTo("{\"a\":\"u\u2028v\r\"}");
        assertThat(reader.readLine()).isEqualTo("short");
        assertThat(reader.droppedLines()).isEqualTo(1);
        assertThat(reader.readLine()).isEqualTo("last-unterminated");
        assertThat(reader.readLine()).isNull();
    }

    @Test
    void lineReaderHandlesLinesSpanningManyBuffers() throws IOException {
        String line = "y".repeat(50_000);
        JsonLineReader reader = new JsonLineReader(
                new ByteArrayInputStream((line + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8)), 1 << 20);
        assertThat(reader.readLine()).isEqualTo(line);
        assertThat(reader.readLine()).isEqualTo(line);
        assertThat(reader.readLine()).isNull();
    }
}
