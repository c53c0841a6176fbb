package io.pigateway.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code send_media} may read files: inside the session's working directory or
 * {@code dataDir/media}. Relative paths are taken from the working directory; {@code ..}
 * segments are refused outright, and the real path (symlinks resolved) must still lie inside an
 * allowed root, so a link pointing out is refused too.
 */
public final class MediaPaths {
    private final List<Path> roots;

    public MediaPaths(Path workspace, Path mediaDir) {
        this.roots = List.of(workspace.toAbsolutePath().normalize(), mediaDir.toAbsolutePath().normalize());
    }

    /** The real path of a readable regular file inside a root, or a {@link ToolException} saying why not. */
    public Path resolve(String path) {
        if (path == null || path.isBlank()) {
            throw new ToolException("path is required");
        }
        Path given;
        try {
            given = Path.of(path.strip());
        } catch (InvalidPathException e) {
            throw new ToolException("not a valid path: " + path);
        }
        for (Path part : given) {
            if (part.toString().equals("..")) {
                throw new ToolException("path escapes are not allowed (no '..'): " + path);
            }
        }
        Path candidate = given.isAbsolute() ? given.normalize() : roots.get(0).resolve(given).normalize();
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ToolException("file not found: " + path);
        } catch (IOException e) {
            throw new ToolException("cannot read " + path);
        }
        if (roots.stream().map(MediaPaths::realOrSelf).noneMatch(real::startsWith)) {
            throw new ToolException("path is outside the workspace and the media directory: " + path);
        }
        if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
            throw new ToolException("not a readable file: " + path);
        }
        return real;
    }

    private static Path realOrSelf(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }
}
