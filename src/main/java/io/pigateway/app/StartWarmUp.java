package io.pigateway.app;

import io.pigateway.rpc.PiLineWarmUp;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the request path a few hundred times right after the start, on a background thread, so
 * the JIT has compiled it before a user's first turns: without this the first hundred turns run
 * largely in the interpreter and cost several times the CPU and latency of later ones (README,
 * Benchmarks). It calls the gateway's own port like any client: {@code GET /health} (the
 * platform-http route) and an authenticated {@code POST /api/chat} without a message (answered
 * 400 before any session, hook or agent is involved), then parses a canned pi turn. Nothing is
 * stored and no hook fires. {@code gateway.warmUpRequests: 0} turns it off.
 */
final class StartWarmUp extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(StartWarmUp.class);

    private final String host;
    private final int port;
    private final Supplier<String> token;
    private final int rounds;
    private final java.util.function.BooleanSupplier agentReady;
    private volatile Thread thread;
    private volatile int completed;

    /** @param agentReady whether pi's first process answers: the warm-up waits for it (see {@link #run}) */
    StartWarmUp(String host, int port, Supplier<String> token, int rounds, java.util.function.BooleanSupplier agentReady) {
        this.host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        this.port = port;
        this.token = token;
        this.rounds = rounds;
        this.agentReady = agentReady;
    }

    @Override
    protected void doStart() {
        if (rounds <= 0) {
            return;
        }
        Thread t = new Thread(this::run, "start-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        thread = t;
        t.start();
    }

    @Override
    protected void doStop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        // pi's start is the heaviest CPU work of a start (a node process): the warm-up waits for it,
        // so it does not delay the first answer on a small machine (then runs anyway after 60 s)
        long readyBy = System.nanoTime() + 60_000_000_000L;
        try {
            while (!agentReady.getAsBoolean() && System.nanoTime() < readyBy) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            return; // stopping
        }
        long t0 = System.nanoTime();
        try (Socket socket = connect()) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            byte[] health = ("GET /health HTTP/1.1\r\nHost: " + authority + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] chat = ("POST /api/chat HTTP/1.1\r\nHost: " + authority + "\r\nAuthorization: Bearer " + token.get()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < rounds && !Thread.currentThread().isInterrupted(); i++) {
                exchange(out, in, health);
                exchange(out, in, chat);
                completed = i + 1;
            }
            PiLineWarmUp.run(rounds);
            // one full collection now: what the start and the warm-up left behind is garbage, and with
            // the launcher's heap ratios the serial collector hands the emptied heap back (idle RSS)
            System.gc();
            LOG.debug("request path warmed up in {} ms ({} rounds)", (System.nanoTime() - t0) / 1_000_000, rounds);
        } catch (IOException | RuntimeException e) {
            LOG.debug("start warm-up ended early: {}", e.toString()); // only speed is at stake
        }
    }

    /** The listener may still be binding when this service starts: a few tries, then give up. */
    private Socket connect() throws IOException {
        for (int attempt = 1; ; attempt++) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 2_000);
                return socket;
            } catch (java.net.ConnectException e) {
                socket.close();
                if (attempt == 20) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Rounds done so far (tests). */
    int completedRounds() {
        return completed;
    }

    /** Writes one request and reads its response whole (Content-Length or chunked). */
    private static void exchange(OutputStream out, InputStream in, byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int length = -1;
        boolean chunked = false;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            } else if (line.regionMatches(true, 0, "transfer-encoding:", 0, 18) && line.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                in.readNBytes(size);
                line(in);
            }
            line(in);
        } else if (length >= 0) {
            in.readNBytes(length);
        } else {
            throw new IOException("a response without a length");
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
