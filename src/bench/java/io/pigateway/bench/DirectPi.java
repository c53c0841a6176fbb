package io.pigateway.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A warm pi driven directly over its RPC stdin/stdout: the baseline the gateway's overhead is measured
 * against. Like the gateway's processes it runs on a session file (switch_session), so both pay pi's
 * session persistence and only the gateway's own cost remains in the difference.
 */
final class DirectPi implements AutoCloseable {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Process process;
    private final OutputStream stdin;
    /** The marker the reader waits for, and the signal it gives: the caller wakes once per wait, not per line. */
    private volatile String awaited;
    private final java.util.concurrent.SynchronousQueue<Boolean> seen = new java.util.concurrent.SynchronousQueue<>();
    private int ids;

    DirectPi(List<String> command, Map<String, String> env, java.nio.file.Path workDir, String sessionFile)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        process = pb.start();
        stdin = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    String marker = awaited;
                    if (marker != null && (l.startsWith(marker) || (marker.startsWith("\"id\"") && l.contains(marker)))) {
                        awaited = null;
                        seen.put(Boolean.TRUE);
                    }
                }
            } catch (Exception e) {
                // process ended
            }
        }, "direct-pi-reader");
        reader.setDaemon(true);
        reader.start();
        exchange("{\"id\":\"s0\",\"type\":\"get_state\"}", "\"id\":\"s0\"", 60);
        exchange("{\"id\":\"s1\",\"type\":\"switch_session\",\"sessionPath\":"
                + JSON.writeValueAsString(sessionFile) + "}", "\"id\":\"s1\"", 60);
    }

    /** Sends a prompt and waits for {@code agent_end}; returns the milliseconds between the two. */
    double prompt(String message) throws Exception {
        String line = "{\"id\":\"p" + (++ids) + "\",\"type\":\"prompt\",\"message\":" + JSON.writeValueAsString(message) + "}";
        long t0 = System.nanoTime();
        exchange(line, "{\"type\":\"agent_end\"", 60);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Writes a line and waits until the reader saw a line matching {@code marker}. */
    private void exchange(String line, String marker, int seconds) throws Exception {
        awaited = marker;
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        if (seen.poll(seconds, TimeUnit.SECONDS) == null) {
            throw new IllegalStateException("pi did not send " + marker);
        }
    }

    @Override
    public void close() throws Exception {
        stdin.close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
