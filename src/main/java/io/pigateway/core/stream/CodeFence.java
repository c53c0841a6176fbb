package io.pigateway.core.stream;

/** A Markdown code fence ({@code ```lang}) opened on some line; knows which line closes it. */
record CodeFence(String openingLine, String marker) {

    /** The fence this line opens, or null if it is not a fence line. */
    static CodeFence opening(String line) {
        String s = line.stripLeading();
        int ticks = countTicks(s);
        if (ticks < 3 || s.indexOf('`', ticks) >= 0) {
            return null; // CommonMark: a backtick fence's info string has no backticks
        }
        return new CodeFence(s.strip(), "`".repeat(ticks));
    }

    boolean isClosedBy(String line) {
        String s = line.strip();
        return s.length() >= marker.length() && countTicks(s) == s.length();
    }

    /** The fence still open after the whole text, or null. */
    static CodeFence openAtEnd(String text) {
        CodeFence open = null;
        int i = 0;
        while (i <= text.length()) {
            int nl = text.indexOf('\n', i);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(i, end);
            if (open == null) {
                open = opening(line);
            } else if (open.isClosedBy(line)) {
                open = null;
            }
            if (nl < 0) {
                break;
            }
            i = nl + 1;
        }
        return open;
    }

    private static int countTicks(String s) {
        int n = 0;
        while (n < s.length() && s.charAt(n) == '`') {
            n++;
        }
        return n;
    }
}
