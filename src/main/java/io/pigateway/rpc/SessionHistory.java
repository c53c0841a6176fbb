package io.pigateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pi session file ({@code .jsonl}: a header line, then entries linked by id/parentId)
 * without a process and returns the user/assistant messages of its current branch.
 */
public final class SessionHistory {
    /** One chat message; {@code timestamp} may be null for old entries. */
    public record Message(String role, String text, Instant timestamp) {
    }

    private SessionHistory() {
    }

    /**
     * The last {@code limit} user/assistant messages with text, oldest first. Empty if no file.
     * Found also while a turn has the transcript in its process's slot ({@link Transcripts}).
     */
    public static List<Message> recent(Path sessionFile, int limit) {
        List<String> lines;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Transcripts.open(sessionFile),
                StandardCharsets.UTF_8))) {
            lines = in.lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, JsonNode> byId = new HashMap<>();
        JsonNode leaf = null;
        for (String line : lines) {
            JsonNode entry = parse(line);
            if (entry == null || "session".equals(entry.path("type").asText())) {
                continue;
            }
            if (entry.hasNonNull("id")) {
                byId.put(entry.get("id").asText(), entry);
            }
            leaf = entry; // the last entry is the current leaf of the tree
        }
        List<Message> branch = new ArrayList<>();
        for (JsonNode e = leaf; e != null; e = byId.get(e.path("parentId").asText(null))) {
            Message m = toMessage(e);
            if (m != null) {
                branch.add(m);
            }
            if (branch.size() >= limit || !e.hasNonNull("parentId")) {
                break;
            }
        }
        Collections.reverse(branch);
        return branch;
    }

    private static Message toMessage(JsonNode entry) {
        if (!"message".equals(entry.path("type").asText())) {
            return null;
        }
        JsonNode msg = entry.path("message");
        String role = msg.path("role").asText();
        if (!"user".equals(role) && !"assistant".equals(role)) {
            return null;
        }
        String text = PiProtocol.messageText(msg);
        if (text.isBlank()) {
            return null;
        }
        Instant ts = null;
        if (msg.path("timestamp").isNumber()) {
            ts = Instant.ofEpochMilli(msg.get("timestamp").asLong());
        } else if (entry.path("timestamp").isTextual()) {
            ts = Instant.parse(entry.get("timestamp").asText());
        }
        return new Message(role, text, ts);
    }

    private static JsonNode parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return PiProtocol.JSON.readTree(line);
        } catch (IOException e) {
            return null; // pi skips malformed lines too
        }
    }
}
