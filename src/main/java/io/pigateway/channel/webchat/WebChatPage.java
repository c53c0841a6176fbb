package io.pigateway.channel.webchat;

import io.pigateway.api.PublicPage;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the WebChat page from the classpath ({@code /webchat/*}) and from nowhere else. Not
 * Vert.x's StaticHandler: its file resolver looks in the working directory before the
 * classpath, so a stray {@code ./webchat} folder would be served. Flat names only, no listing.
 */
public final class WebChatPage implements PublicPage {
    private static final Pattern FILE = Pattern.compile("/[a-z0-9-]+\\.(html|js|css)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final Map<String, Buffer> cache = new ConcurrentHashMap<>();

    /** Whether {@code path} names a page file (public: it holds no secrets and shows the sign-in). */
    @Override
    public boolean serves(String path) {
        return matches(path);
    }

    static boolean matches(String path) {
        return "/".equals(path) || FILE.matcher(path).matches();
    }

    @Override
    public void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!serves(path)) {
            rc.next();
            return;
        }
        String file = "/".equals(path) ? "index.html" : path.substring(1);
        Buffer content = cache.get(file);
        if (content == null) {
            content = load(file);
            if (content.length() > 0) {
                cache.put(file, content); // only real files: misses must not grow the cache
            }
        }
        if (content.length() == 0) {
            rc.next(); // not one of ours: let the API answer 404
            return;
        }
        String ext = file.substring(file.lastIndexOf('.') + 1);
        rc.response().putHeader("Content-Type", TYPES.get(ext))
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Referrer-Policy", "no-referrer");
        if ("html".equals(ext)) {
            rc.response().putHeader("X-Frame-Options", "DENY");
        }
        rc.response().end(content);
    }

    private static Buffer load(String file) {
        try (InputStream in = WebChatPage.class.getResourceAsStream("/webchat/" + file)) {
            return in == null ? Buffer.buffer() : Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
