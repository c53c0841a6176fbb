package io.pigateway.config;

import java.util.regex.Pattern;

/** Formats the key paths used in every message: {@code channels.telegram.accounts.work.botToken}, {@code cron.jobs[0].id}. */
final class KeyPaths {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_\\-{}]+");

    private KeyPaths() {
    }

    static String child(String parent, String key) {
        // map keys may hold dots or spaces; quote them so the path stays unambiguous
        String segment = PLAIN_KEY.matcher(key).matches() ? key : "\"" + key + "\"";
        return parent.isEmpty() ? segment : parent + "." + segment;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The name a message uses for the whole document. */
    static String display(String path) {
        return path.isEmpty() ? "(root)" : path;
    }
}
