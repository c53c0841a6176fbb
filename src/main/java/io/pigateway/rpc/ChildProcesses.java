package io.pigateway.rpc;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every pi child still running, so one JVM shutdown hook can kill them all (no orphans after
 * SIGTERM or Ctrl-C, even if no pool got to stop cleanly).
 */
final class ChildProcesses {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;
    /** Counted down when the JVM starts shutting down (SIGTERM, Ctrl-C): the gateway is stopping. */
    private static final CountDownLatch SHUTTING_DOWN = new CountDownLatch(1);
    /** Extra time the reaper gives pi at shutdown while the gateway drains its turns (SIGTERM). */
    private static volatile long holdMs;

    /**
     * One long-lived thread starts every pi. A sandboxed pi dies with its parent
     * (bwrap {@code --die-with-parent}), and Linux ties that to the *thread* that spawned it: a pi
     * started from a short-lived pool thread would be killed when that thread ends.
     */
    private static final java.util.concurrent.ExecutorService SPAWNER = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pi-spawner");
                t.setDaemon(true);
                return t;
            });

    private ChildProcesses() {
    }

    /** {@code builder.start()} on the spawner thread. */
    static Process start(ProcessBuilder builder) throws java.io.IOException {
        try {
            return SPAWNER.submit(builder::start).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.io.IOException io) {
                throw io;
            }
            throw new java.io.IOException(e.getCause());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new java.io.IOException("the gateway is shutting down", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException("interrupted while starting pi", e);
        }
    }

    static void register(Process process) {
        installHook();
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
    }

    /** Kills the process and everything it spawned, without waiting. */
    static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Lets pi live up to {@code ms} longer at shutdown (the gateway drains first, then stops them itself). */
    static void holdOnShutdown(long ms) {
        holdMs = Math.max(0, ms);
    }

    static long holdOnShutdownMs() {
        return holdMs;
    }

    /**
     * Shutdown hooks run concurrently: give the gateway's own orderly stop (a drain, then stdin
     * closed, pi exits 0) its time, then kill whatever is left.
     */
    private static void reap() {
        SHUTTING_DOWN.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3) + TimeUnit.MILLISECONDS.toNanos(holdMs);
        for (Process process : List.copyOf(RUNNING)) {
            try {
                process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        RUNNING.forEach(ChildProcesses::destroyTree);
    }

    /** True once the JVM is shutting down. */
    static boolean shuttingDown() {
        return SHUTTING_DOWN.getCount() == 0;
    }

    /**
     * Whether the JVM starts shutting down within {@code ms}: a pi that died of SIGTERM/SIGINT was
     * most likely hit by the same signal as the gateway (Ctrl-C, {@code timeout}, systemd), whose
     * shutdown hooks start a moment later.
     */
    static boolean awaitShuttingDown(long ms) {
        try {
            return SHUTTING_DOWN.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return shuttingDown();
        }
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (ChildProcesses.class) {
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::reap, "pi-child-reaper"));
                hookInstalled = true;
            }
        }
    }
}
