package io.pigateway.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the known key a mistyped one most likely meant (Levenshtein distance, a swap counting as one edit). */
final class KeySuggester {

    private static final List<String> FIXED_PATHS = ConfigSchema.fixedPaths();

    private KeySuggester() {
    }

    /**
     * @param parentPath the path of the object holding the unknown key
     * @param siblings   the keys known at that level
     * @return the full path to suggest: a close sibling first, else the same key elsewhere
     *         (e.g. a top-level {@code port} suggests {@code gateway.port})
     */
    static Optional<String> suggest(String unknownKey, String parentPath, Collection<String> siblings) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String sibling : siblings) {
            int distance = distance(unknownKey, sibling);
            if (distance < bestDistance) {
                best = sibling;
                bestDistance = distance;
            }
        }
        if (best != null && bestDistance <= tolerance(unknownKey)) {
            return Optional.of(KeyPaths.child(parentPath, best));
        }
        // elsewhere in the schema only near-exact leaf names count, or every short key would match
        return FIXED_PATHS.stream()
                .filter(path -> distance(unknownKey, leaf(path)) <= 1)
                .min(Comparator.<String>comparingInt(path -> exactness(unknownKey, leaf(path)))
                        .thenComparingInt(path -> -sharedPrefix(path, parentPath))
                        .thenComparingInt(String::length));
    }

    /** Short keys tolerate one edit, longer ones two or about a third of their length. */
    private static int tolerance(String key) {
        return key.length() < 4 ? 1 : Math.max(2, key.length() / 3);
    }

    private static int exactness(String key, String leaf) {
        return key.equalsIgnoreCase(leaf) ? 0 : 1;
    }

    /** Prefers the candidate nearest to where the key was written (telegram's, not discord's). */
    private static int sharedPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Case-insensitive edit distance: {@code Port} vs {@code port} counts as one edit, not zero. */
    static int distance(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        // optimal string alignment: Levenshtein plus adjacent transpositions ("prot" -> "port" is 1)
        int[][] d = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && x.charAt(i - 1) == y.charAt(j - 2) && x.charAt(i - 2) == y.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        // a pure case difference must still rank as a near miss, never as a match
        return Math.max(1, d[x.length()][y.length()]);
    }
}
