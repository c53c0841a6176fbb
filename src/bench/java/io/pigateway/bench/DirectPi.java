package io.pigateway.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A warm pi driven directly over its RPC stdin/stdout: the baseline the gateway's overhead is measured
 * against. Like the gateway's processes it runs on a session file (switch_session), so both pay pi's
 * session persistence and only the gateway's own cost remains in the difference.
 */
final class DirectPi implements AutoCloseable {
    private final Process process;
    private final OutputStream stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
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
                    lines.add(l);
                }
            } catch (Exception e) {
                // process ended
            }
        }, "direct-pi-reader");
        reader.setDaemon(true);
        reader.start();
        send("{\"id\":\"s0\",\"type\":\"get_state\"}");
        await("\"id\":\"s0\"", 60);
        send("{\"id\":\"s1\",\"type\":\"switch_session\",\"sessionPath\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(sessionFile) + "}");
        await("\"id\":\"s1\"", 60);
    }

    /** Sends a prompt and waits for {@code agent_end}; returns the milliseconds between the two. */
    double prompt(String message) throws Exception {
        lines.clear();
        String id = "p" + (++ids);
        long t0 = System.nanoTime();
        send("{\"id\":\"" + id + "\",\"type\":\"prompt\",\"message\":" + new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(message) + "}");
        await("{\"type\":\"agent_end\"", 60);
        return (System.nanoTime() - t0) / 1e6;
    }

    private void send(String line) throws Exception {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private void await(String marker, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null) {
                throw new IllegalStateException("pi did not send " + marker);
            }
            if (l.startsWith(marker) || (marker.startsWith("\"id\"") && l.contains(marker))) {
                return;
            }
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
