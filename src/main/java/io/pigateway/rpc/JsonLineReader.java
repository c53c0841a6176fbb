package io.pigateway.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code \n}-terminated UTF-8 lines (pi's framing: {@code JSON.stringify(x)+"\n"}) with a
 * bound: a line longer than {@code maxLineBytes} is skipped up to its newline and counted, so a
 * runaway line cannot exhaust memory. Not thread-safe: one reader thread per stream.
 */
final class JsonLineReader {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[64 * 1024];
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
        int len = nextLine();
        return len < 0 ? null : new String(line, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * Reads the next line into {@link #buffer()} and returns its length in bytes, or -1 at end of
     * stream; the bytes are valid until the next call. Lets a caller parse a line in place without
     * decoding it into a String first (pi's streaming lines run to hundreds of kB).
     */
    int nextLine() throws IOException {
        if (line.length > 64 * 1024) {
            line = new byte[1024]; // don't keep a huge buffer after one big line
        }
        int len = 0;
        boolean overlong = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    // a final unterminated line is still a line; a truncated over-long one is dropped
                    return len > 0 && !overlong ? len : -1;
                }
            }
            int start = chunkPos;
            int newline = indexOfNewline(chunk, start, chunkLen);
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
                return len;
            }
        }
    }

    /**
     * The first {@code '\n'} in {@code bytes[from, to)}, or -1. Eight bytes per step (a SWAR
     * zero-byte test): pi repeats the whole message twice in every streaming line, so a long answer
     * is megabytes of lines, and this scan is most of the gateway's cost per byte.
     */
    static int indexOfNewline(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ NEWLINES;
            long zeroBytes = (word - LOW_BITS) & ~word & HIGH_BITS; // lowest flag = first match
            if (zeroBytes != 0) {
                return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The bytes of the line {@link #nextLine()} returned. */
    byte[] buffer() {
        return line;
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
