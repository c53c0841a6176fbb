package io.pigateway.channel.discord;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.dv8tion.jda.api.utils.Compression;

/**
 * {@code channels.discord.gatewayUrl} as JDA wants it: JDA appends {@code encoding}, {@code v} and
 * {@code compress} itself, so those are taken out of the configured URL. Compression stays
 * zlib-stream (Discord's recommendation) unless the URL says {@code compress=none}.
 */
record DiscordGatewayUrl(String base, Compression compression) {

    static DiscordGatewayUrl parse(String url) {
        URI uri = URI.create(url.strip());
        Compression compression = Compression.ZLIB;
        List<String> kept = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                String value = pair.contains("=") ? pair.substring(pair.indexOf('=') + 1) : "";
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "compress" -> compression = "none".equalsIgnoreCase(value) || value.isEmpty()
                            ? Compression.NONE : Compression.ZLIB;
                    case "encoding", "v" -> {
                        // JDA sets these (json, its gateway version)
                    }
                    default -> kept.add(pair);
                }
            }
        }
        String base = url.strip();
        int q = base.indexOf('?');
        if (q >= 0) {
            base = base.substring(0, q);
        }
        if (!kept.isEmpty()) {
            base = base + "?" + String.join("&", kept);
        }
        return new DiscordGatewayUrl(base, compression);
    }
}
