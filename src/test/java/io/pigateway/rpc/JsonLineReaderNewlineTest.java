package io.pigateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time newline scan finds exactly what a byte loop finds, at any offset. */
class JsonLineReaderNewlineTest {

    @Test
    void findsTheFirstNewlineAtEveryPositionAndAlignment() {
        for (int length = 0; length <= 40; length++) {
            for (int newline = -1; newline < length; newline++) {
                for (int from = 0; from <= Math.min(length, 9); from++) {
                    byte[] bytes = new byte[length];
                    java.util.Arrays.fill(bytes, (byte) 0x8A); // 0x0A with the high bit: must not match
                    if (newline >= 0) {
                        bytes[newline] = '\n';
                        if (newline + 1 < length) {
                            bytes[newline + 1] = '\n'; // a second one right after: the first wins
                        }
                    }
                    assertThat(JsonLineReader.indexOfNewline(bytes, from, length))
                            .as("length %d newline %d from %d", length, newline, from)
                            .isEqualTo(byteLoop(bytes, from, length));
                }
            }
        }
    }

    @Test
    void agreesWithAByteLoopOnRandomBytes() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            assertThat(JsonLineReader.indexOfNewline(bytes, from, bytes.length)).isEqualTo(byteLoop(bytes, from, bytes.length));
        }
    }

    @Test
    void splitsUtf8LinesAcrossChunkBoundaries() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            text.append("{\"n\":").append(i).append(",\"s\":\"héllo ✓ ").append("x".repeat(i % 97)).append("\"}\n");
        }
        JsonLineReader reader = new JsonLineReader(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                1 << 20);
        for (int i = 0; i < 5_000; i++) {
            assertThat(reader.readLine()).isEqualTo("{\"n\":" + i + ",\"s\":\"héllo ✓ " + "x".repeat(i % 97) + "\"}");
        }
        assertThat(reader.readLine()).isNull();
    }

    private static int byteLoop(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
