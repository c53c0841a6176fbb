package io.pigateway.rpc;

import java.nio.file.Path;

/**
 * pi's agent dir ({@code PI_CODING_AGENT_DIR}) as one bwrap-sandboxed pi process sees it: a private
 * tmpfs in its place holding a copy of {@code settings.json}, the real {@code auth.json} bound
 * writable, every other entry ({@code models.json}, {@code extensions/}, ...) bound read-only.
 *
 * <p>Why not just the real dir read-only: pi 0.73.1 takes a lock to even read {@code settings.json}
 * and {@code auth.json} (proper-lockfile creates the folder {@code <file>.lock} next to the file), so
 * in a read-only dir it ignores both. In the private dir pi locks, reads and writes its settings,
 * and none of it reaches the real dir, whose {@code settings.json} (it can name extensions) and
 * {@code models.json} every other pi process loads. Only {@code auth.json} is written through, so
 * a refreshed login lasts; its lock is per process then (a refresh pi loses, it re-reads the file).
 *
 * <p>The entries are listed by the shell that starts bwrap, at each spawn (see
 * {@link BwrapSandbox#wrap}): an entry added later, such as a first login's {@code auth.json}, is in
 * the next process's view. Leftover {@code *.lock} folders are left out: pi would find them held.
 */
public record PrivateAgentDir(Path dir) {

    /**
     * POSIX shell commands that put the bwrap arguments for this dir in front of {@code "$@"};
     * {@code settings.json} is handed to bwrap as file descriptor 3, which bwrap copies.
     */
    String shellPrefix() {
        // "set --" prepends, so the binds are added first and the tmpfs under them last
        return "d=" + BwrapSandbox.quote(dir.toString()) + "; if [ -d \"$d\" ]; then "
                + "for e in \"$d\"/* \"$d\"/.[!.]* \"$d\"/..?*; do [ -e \"$e\" ] || continue; case \"${e##*/}\" in "
                + "*.lock) ;; "
                + "settings.json) exec 3< \"$e\" && set -- --perms 0600 --file 3 \"$e\" \"$@\" ;; "
                + "auth.json) set -- --bind \"$e\" \"$e\" \"$@\" ;; "
                + "*) set -- --ro-bind \"$e\" \"$e\" \"$@\" ;; "
                + "esac; done; set -- --perms 0700 --tmpfs \"$d\" \"$@\"; fi; ";
    }
}
