package io.pigateway.tools;

import io.pigateway.core.MediaFolders;
import io.pigateway.core.ReplyTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code send_media} may read files: inside the session's working directory or the current
 * chat's own media folder ({@code dataDir/media/<channel>/<account>/<chat>}: never another chat's
 * files). Relative paths are taken from the working directory; {@code ..} segments are refused
 * outright, the real path (symlinks resolved) must still lie inside an allowed root, hard links
 * are refused (a link to a file outside would pass the path check), and so are files over the
 * upload limit, checked before a byte is read.
 */
public final class MediaPaths {
    /** Telegram's Bot API upload limit; larger files are refused before they are read. */
    public static final long MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

    private final Path workspace;
    private final Path mediaRoot;

    public MediaPaths(Path workspace, Path mediaDir) {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.mediaRoot = mediaDir.toAbsolutePath().normalize();
    }

    /** As {@link #resolve(String, ReplyTarget)} for a caller without a chat (the workspace only). */
    public Path resolve(String path) {
        return resolve(path, null);
    }

    /** The real path of a readable regular file inside a root, or a {@link ToolException} saying why not. */
    public Path resolve(String path, ReplyTarget chat) {
        List<Path> roots = chat == null ? List.of(workspace) : List.of(workspace,
                MediaFolders.chatDir(mediaRoot, chat.channel(), chat.accountId(), chat.chatId()));
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
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(real)) {
            throw new ToolException("not a readable file: " + path);
        }
        try {
            Object links = Files.getAttribute(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links instanceof Integer n && n > 1) {
                throw new ToolException("hard-linked files are not sent (the link may lead outside the workspace): "
                        + path);
            }
            long size = Files.size(real);
            if (size > MAX_UPLOAD_BYTES) {
                throw new ToolException("the file is " + (size / (1024 * 1024)) + " MB; at most "
                        + (MAX_UPLOAD_BYTES / (1024 * 1024)) + " MB can be sent: " + path);
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no unix attributes on this file system: the path checks above still hold
        } catch (IOException e) {
            throw new ToolException("cannot read " + path);
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
