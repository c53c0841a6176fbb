package io.pigateway.testing;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Installs a pinned npm package for the tests into a folder of the repository (once: later runs
 * find it), under a file lock so parallel JVMs install it once. Used for pi ({@link PiTestRuntime})
 * and for the official {@code openai} SDK the OpenAI API is tested with.
 */
public final class NpmTestInstall {
    private NpmTestInstall() {
    }

    /** {@code <repo>/.pi-runtime[/sub]}: the test runtimes' folder (git-ignored). */
    public static Path runtimeDir(String sub) {
        Path repo = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path dir = repo.resolve(".pi-runtime");
        return sub == null ? dir : dir.resolve(sub);
    }

    /** Installs {@code packageSpec} (e.g. {@code openai@6.49.0}) into {@code prefix} unless {@code marker} exists. */
    public static void ensure(Path prefix, String packageSpec, Path marker) {
        if (Files.exists(marker)) {
            return;
        }
        try {
            Files.createDirectories(prefix);
            try (FileChannel ch = new RandomAccessFile(prefix.resolve(".install.lock").toFile(), "rw").getChannel();
                 FileLock ignored = ch.lock()) {
                if (Files.exists(marker)) {
                    return; // another JVM installed it while we waited for the lock
                }
                // Never inheritIO: in a surefire fork stdin is surefire's command pipe and stdout its
                // event channel, so npm reading or writing there corrupts the fork ("std/in stream
                // corrupted"). stdin from /dev/null, all output to a log file shown on failure.
                Path log = prefix.resolve("npm-install.log");
                System.err.println("[npm-test-install] installing " + packageSpec + " into " + prefix
                        + " (first run only; log: " + log + ")");
                long started = System.nanoTime();
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix",
                        prefix.toString(), packageSpec)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm install of " + packageSpec + " failed; install it manually into "
                            + prefix + ". npm output:\n" + Files.readString(log));
                }
                System.err.println("[npm-test-install] " + packageSpec + " installed in "
                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (!Files.exists(marker)) {
            throw new IllegalStateException(packageSpec + " not found at " + marker + " after npm install");
        }
    }
}
