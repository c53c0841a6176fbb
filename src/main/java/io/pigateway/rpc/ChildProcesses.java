package io.pigateway.rpc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every pi child still running, so one JVM shutdown hook can kill them all (no orphans after
 * SIGTERM or Ctrl-C, even if no pool got to stop cleanly).
 */
final class ChildProcesses {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private ChildProcesses() {
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

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (ChildProcesses.class) {
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(
                        () -> RUNNING.forEach(ChildProcesses::destroyTree), "pi-child-reaper"));
                hookInstalled = true;
            }
        }
    }
}
