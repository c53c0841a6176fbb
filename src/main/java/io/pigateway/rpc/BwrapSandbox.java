package io.pigateway.rpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's sandbox on Debian's {@code bubblewrap}: the whole filesystem read-only, a private
 * {@code /tmp}, its own pid namespace (other processes, their {@code /proc/<pid>/environ} included,
 * are not visible), the gateway's state hidden under an empty tmpfs, and only the agent's workspace
 * and the process's own folders (its transcript slot, its tools-secret handover, its private view of
 * pi's agent dir) writable. Network stays: the agent needs its LLM and the tools bridge.
 * Files the agent creates are private to its user ({@code umask 077}).
 *
 * @param hiddenDirs  replaced by an empty tmpfs (the gateway's dataDir)
 * @param hiddenFiles replaced by an empty file (the config file, a token file outside dataDir)
 * @param writable    bound read-write on top (workspace)
 * @param readOnly    bound read-only on top (tools extension, runtime package, media)
 * @param writableFromEnv environment variables each naming one more folder to bind read-write, set
 *                    per process at spawn (its transcript slot, its tools-secret handover folder);
 *                    an unset or empty variable binds nothing
 * @param agentDir    pi's agent dir, replaced per process by a {@link PrivateAgentDir}; null = none
 */
public record BwrapSandbox(List<Path> hiddenDirs, List<Path> hiddenFiles, List<Path> writable, List<Path> readOnly,
                           List<String> writableFromEnv, PrivateAgentDir agentDir) {

    public static final String BWRAP = "bwrap";
    private static volatile Boolean works;

    public BwrapSandbox(List<Path> hiddenDirs, List<Path> hiddenFiles, List<Path> writable, List<Path> readOnly) {
        this(hiddenDirs, hiddenFiles, writable, readOnly, List.of(), null);
    }

    public BwrapSandbox(List<Path> hiddenDirs, List<Path> hiddenFiles, List<Path> writable, List<Path> readOnly,
                        List<String> writableFromEnv) {
        this(hiddenDirs, hiddenFiles, writable, readOnly, writableFromEnv, null);
    }

    public BwrapSandbox {
        hiddenDirs = List.copyOf(hiddenDirs);
        hiddenFiles = List.copyOf(hiddenFiles);
        writable = List.copyOf(writable);
        readOnly = List.copyOf(readOnly);
        writableFromEnv = List.copyOf(writableFromEnv);
        writableFromEnv.forEach(v -> {
            if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("not an environment variable name: " + v);
            }
        });
    }

    /** {@code command} run inside the sandbox. */
    public List<String> wrap(List<String> command) {
        // --die-with-parent: killing bwrap (or the gateway) ends pi too; its PDEATHSIG follows the
        // spawning thread, which is why ChildProcesses starts every pi on one long-lived thread
        List<String> argv = new ArrayList<>(List.of(BWRAP, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                "--unshare-pid", "--die-with-parent", "--new-session", "--tmpfs", "/tmp"));
        List<String> inner = List.of("sh", "-c", "umask 077; exec \"$@\"", "sh");
        if (writableFromEnv.isEmpty() && agentDir == null) {
            argv.addAll(mounts());
            argv.add("--");
            argv.addAll(inner);
            argv.addAll(command);
            return List.copyOf(argv);
        }
        // the per-process folders and the agent dir's entries are only known at spawn: a shell builds
        // the argument list back to front (each "set --" puts its part in front), then runs bwrap
        StringBuilder script = new StringBuilder("set -- -- ");
        inner.forEach(a -> script.append(quote(a)).append(' '));
        script.append("\"$@\"; ");
        for (String variable : writableFromEnv) {
            String value = "\"$" + variable + "\"";
            script.append("if [ -n ").append(value).append(" ]; then set -- --bind ").append(value).append(' ')
                    .append(value).append(" \"$@\"; fi; ");
        }
        script.append("set -- ");
        mounts().forEach(a -> script.append(quote(a)).append(' '));
        script.append("\"$@\"; ");
        if (agentDir != null) {
            // under the mounts: what they hide stays hidden, what they bind stays as bound, even inside it
            script.append(agentDir.shellPrefix());
        }
        script.append("exec ").append(String.join(" ", argv.stream().map(BwrapSandbox::quote).toList()))
                .append(" \"$@\"");
        List<String> out = new ArrayList<>(List.of("sh", "-c", script.toString(), "sh"));
        out.addAll(command);
        return List.copyOf(out);
    }

    /** The hiding mounts, then the binds that re-expose what the agent needs inside them. */
    private List<String> mounts() {
        List<String> argv = new ArrayList<>();
        hiddenDirs.forEach(d -> argv.addAll(List.of("--tmpfs", d.toString())));
        hiddenFiles.forEach(f -> argv.addAll(List.of("--ro-bind", "/dev/null", f.toString())));
        readOnly.forEach(d -> argv.addAll(List.of("--ro-bind", d.toString(), d.toString())));
        writable.forEach(d -> argv.addAll(List.of("--bind", d.toString(), d.toString())));
        return argv;
    }

    static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Whether bwrap is installed and can create the namespaces here (probed once). */
    public static boolean available() {
        Boolean known = works;
        if (known == null) {
            known = probe();
            works = known;
        }
        return known;
    }

    private static boolean probe() {
        try {
            Process p = new ProcessBuilder(BWRAP, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                    "--unshare-pid", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Existing paths only: bwrap refuses to bind what is not there. */
    static List<Path> existing(List<Path> paths) {
        return paths.stream().filter(Files::exists).toList();
    }
}
