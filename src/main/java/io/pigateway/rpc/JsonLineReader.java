package io.pigateway.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code \n}-terminated UTF-8 lines (pi's framing: {@code JSON.stringify(x)+"\n"}) with a
 * bound: a line longer than {@code maxLineBytes} is skipped up to its newline and counted, so a
 * runaway line cannot exhaust memory. Not thread-safe: one reader thread per stream.
 */
final class JsonLineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[8192];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[1024];
    private long droppedLines;

    JsonLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its terminator, or null at end of stream. Over-long lines are skipped. */
    String readLine() throws IOException {
        int len = 0;
        boolean overlong = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    // a final unterminated line is still a line; a truncated over-long one is dropped
                    return len > 0 && !overlong ? new String(line, 0, len, StandardCharsets.UTF_8) : null;
                }
            }
            int start = chunkPos;
            int newline = -1;
            for (int i = start; i < chunkLen; i++) {
                if (chunk[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline >= 0 ? newline : chunkLen;
            chunkPos = newline >= 0 ? newline + 1 : chunkLen;
            if (!overlong) {
                int n = end - start;
                if (len + n > maxLineBytes) {
                    overlong = true;
                } else {
                    ensureCapacity(len + n);
                    System.arraycopy(chunk, start, line, len, n);
                    len += n;
                }
            }
            if (newline >= 0) {
                if (overlong) {
                    droppedLines++;
                    overlong = false;
                    len = 0;
                    continue;
                }
                String result = new String(line, 0, len, StandardCharsets.UTF_8);
                if (line.length > 64 * 1024) {
                    line = new byte[1024]; // don't keep a huge buffer after one big line
                }
                return result;
            }
        }
    }

    long droppedLines() {
        return droppedLines;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.max(needed, Math.min(maxLineBytes, line.length * 2)));
        }
    }
}
