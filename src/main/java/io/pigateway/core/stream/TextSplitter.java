package io.pigateway.core.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an answer into chunks that fit a channel's message limit. Prefers paragraph breaks, then
 * line breaks, then spaces (each only in the second half of a chunk, so chunks stay large). A code
 * block that does not fit is closed at the end of one chunk and reopened, with its language tag,
 * at the start of the next, so every chunk renders on its own. A code block that fits a chunk
 * of its own is moved whole into the next chunk rather than cut.
 */
public final class TextSplitter {

    private TextSplitter() {
    }

    /**
     * Chunks of at most {@code maxLines} lines (Discord collapses longer messages) and at most
     * {@code limit} characters each. A code block cut by the line limit is closed and reopened like
     * one cut by the character limit; the character limit is hard, the line limit can be exceeded
     * by the fence lines that character cutting adds.
     */
    public static List<String> split(String text, int limit, int maxLines) {
        if (maxLines < 3) {
            throw new IllegalArgumentException("maxLines must be at least 3, was " + maxLines);
        }
        List<String> chunks = new ArrayList<>();
        for (String piece : splitLines(text == null ? "" : text, maxLines)) {
            chunks.addAll(split(piece, limit));
        }
        return chunks;
    }

    /** Pieces of at most {@code maxLines} lines, closing an open code fence at a cut and reopening it after. */
    private static List<String> splitLines(String text, int maxLines) {
        String[] lines = text.split("\n", -1);
        if (lines.length <= maxLines) {
            return List.of(text);
        }
        List<String> pieces = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int fresh = 0; // lines of the text in current (not a reopened fence line)
        CodeFence open = null;
        for (String line : lines) {
            int room = maxLines - (open != null ? 1 : 0); // an open fence needs its closing line
            if (current.size() >= room && fresh > 0) {
                if (open != null) {
                    current.add(open.marker());
                }
                pieces.add(String.join("\n", current));
                current = new ArrayList<>();
                fresh = 0;
                if (open != null) {
                    current.add(open.openingLine());
                }
            }
            current.add(line);
            fresh++;
            if (open == null) {
                open = CodeFence.opening(line);
            } else if (open.isClosedBy(line)) {
                open = null;
            }
        }
        pieces.add(String.join("\n", current));
        return pieces;
    }

    /** Chunks of at most {@code limit} characters each; no chunk is blank; empty text gives none. */
    public static List<String> split(String text, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        List<String> chunks = new ArrayList<>();
        if (text == null) {
            return chunks;
        }
        String rest = text;
        CodeFence carried = null;
        while (!rest.isBlank()) {
            String reopen = carried == null ? "" : carried.openingLine() + "\n";
            if (reopen.length() + rest.length() <= limit) {
                addIfNotBlank(chunks, reopen + rest);
                break;
            }
            Piece piece = cutRespectingFences(rest, carried, limit - reopen.length(), limit);
            if (piece == null) {
                // the fence markers alone do not fit this (tiny) limit: cut plainly
                reopen = "";
                Cut cut = boundary(rest, limit);
                piece = new Piece(rest.substring(0, cut.end), rest.substring(cut.next), null);
            }
            String close = piece.openFence == null ? "" : "\n" + piece.openFence.marker();
            addIfNotBlank(chunks, reopen + piece.body + close);
            carried = piece.openFence;
            rest = piece.rest;
        }
        return chunks;
    }

    private static Piece cutRespectingFences(String rest, CodeFence carried, int budget, int limit) {
        int room = budget;
        while (room >= 1) {
            Cut cut = boundary(rest, room);
            FenceState state = fenceAt(rest, cut.end, carried);
            if (state.open == null) {
                return new Piece(rest.substring(0, cut.end), rest.substring(cut.next), null);
            }
            if (state.start > 0 && blockLength(rest, state.start, state.open) <= limit) {
                // the block opened here and fits a chunk by itself: start the next chunk with it
                return new Piece(rest.substring(0, state.start).stripTrailing(), rest.substring(state.start), null);
            }
            int needed = cut.end + 1 + state.open.marker().length();
            if (needed <= budget) {
                return new Piece(rest.substring(0, cut.end), rest.substring(cut.next), state.open);
            }
            room -= needed - budget;
        }
        return null;
    }

    /** Where to cut {@code s} so the piece has at most {@code max} chars; {@code s} is longer than that. */
    private static Cut boundary(String s, int max) {
        int min = Math.max(1, max / 2);
        int paragraph = s.lastIndexOf("\n\n", max);
        if (paragraph >= min) {
            return new Cut(paragraph, skipNewlines(s, paragraph));
        }
        int line = s.lastIndexOf('\n', max);
        if (line >= min) {
            return new Cut(line, line + 1);
        }
        int space = s.lastIndexOf(' ', max);
        if (space >= min) {
            return new Cut(space, space + 1);
        }
        int hard = max;
        if (Character.isHighSurrogate(s.charAt(hard - 1)) && hard > 1) {
            hard--; // never split a surrogate pair (emoji)
        }
        return new Cut(hard, hard);
    }

    /** The fence open after the complete lines of {@code s} before {@code end}, and where it opened (-1: carried in). */
    private static FenceState fenceAt(String s, int end, CodeFence carried) {
        CodeFence open = carried;
        int start = -1;
        int i = 0;
        while (i < end) {
            int nl = s.indexOf('\n', i);
            int lineEnd = nl < 0 ? s.length() : nl;
            if (lineEnd > end) {
                break;
            }
            String line = s.substring(i, lineEnd);
            if (open == null) {
                open = CodeFence.opening(line);
                start = open != null ? i : -1;
            } else if (open.isClosedBy(line)) {
                open = null;
                start = -1;
            }
            if (nl < 0) {
                break;
            }
            i = nl + 1;
        }
        return new FenceState(open, start);
    }

    /** Length of the code block opening at {@code start}, through its closing line (or the end of the text). */
    private static int blockLength(String s, int start, CodeFence fence) {
        int i = s.indexOf('\n', start);
        while (i >= 0) {
            int nl = s.indexOf('\n', i + 1);
            int lineEnd = nl < 0 ? s.length() : nl;
            if (fence.isClosedBy(s.substring(i + 1, lineEnd))) {
                return lineEnd - start;
            }
            i = nl;
        }
        return s.length() - start;
    }

    private static int skipNewlines(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == '\n') {
            i++;
        }
        return i;
    }

    private static void addIfNotBlank(List<String> chunks, String chunk) {
        if (!chunk.isBlank()) {
            chunks.add(chunk);
        }
    }

    /** Cut after {@code end} chars; the next chunk starts at {@code next} (separator skipped). */
    private record Cut(int end, int next) {
    }

    private record FenceState(CodeFence open, int start) {
    }

    private record Piece(String body, String rest, CodeFence openFence) {
    }
}
