package io.pigateway.tools;

import io.pigateway.core.ChatScope;
import io.pigateway.core.ReplyTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaPathsTest {
    @TempDir
    Path root;

    @Test
    void onlyRealFilesInsideTheWorkspaceOrMediaDirPass() throws Exception {
        Path work = Files.createDirectories(root.resolve("work"));
        Path media = Files.createDirectories(root.resolve("media"));
        Path outside = Files.writeString(root.resolve("outside.txt"), "x");
        Files.writeString(work.resolve("a.png"), "a");
        Files.createDirectories(work.resolve("sub"));
        Files.writeString(work.resolve("sub/b.png"), "b");
        Path chatMedia = Files.createDirectories(media.resolve("telegram/default/42"));
        Files.writeString(chatMedia.resolve("c.ogg"), "c");
        Path otherChat = Files.createDirectories(media.resolve("telegram/default/43"));
        Files.writeString(otherChat.resolve("d.ogg"), "d");
        Files.createSymbolicLink(work.resolve("out-link"), outside);
        Files.createSymbolicLink(work.resolve("dir-link"), root);
        Files.createSymbolicLink(work.resolve("in-link"), work.resolve("a.png"));
        MediaPaths paths = new MediaPaths(work, media);

        assertThat(paths.resolve("a.png")).isEqualTo(work.resolve("a.png").toRealPath());
        assertThat(paths.resolve("sub/b.png")).hasFileName("b.png");
        ReplyTarget chat42 = new ReplyTarget("telegram", "default", ChatScope.DM, "42", null, null);
        assertThat(paths.resolve(chatMedia.resolve("c.ogg").toString(), chat42)).hasFileName("c.ogg");
        // another chat's received files are out of reach, and so is everything received without a chat
        assertThatThrownBy(() -> paths.resolve(otherChat.resolve("d.ogg").toString(), chat42))
                .hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> paths.resolve(chatMedia.resolve("c.ogg").toString()))
                .hasMessageContaining("outside the workspace");
        assertThat(paths.resolve("in-link")).isEqualTo(work.resolve("a.png").toRealPath());

        assertThatThrownBy(() -> paths.resolve("../outside.txt")).hasMessageContaining("no '..'");
        assertThatThrownBy(() -> paths.resolve("sub/../../outside.txt")).hasMessageContaining("no '..'");
        assertThatThrownBy(() -> paths.resolve("out-link")).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> paths.resolve("dir-link/outside.txt")).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> paths.resolve(outside.toString())).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> paths.resolve("missing.png")).hasMessageContaining("file not found");
        assertThatThrownBy(() -> paths.resolve("sub")).hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> paths.resolve(" ")).hasMessageContaining("path is required");
    }

    @Test
    void hardLinksAndOversizedFilesAreRefusedBeforeReading() throws Exception {
        Path work = Files.createDirectories(root.resolve("work"));
        Path secret = Files.writeString(root.resolve("secret.txt"), "s");
        Files.createLink(work.resolve("linked.txt"), secret);
        Path huge = work.resolve("huge.bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(400L * 1024 * 1024); // sparse: nothing is written, nothing must be read
        }
        MediaPaths paths = new MediaPaths(work, root.resolve("media"));

        assertThatThrownBy(() -> paths.resolve("linked.txt")).hasMessageContaining("hard-linked");
        assertThatThrownBy(() -> paths.resolve("huge.bin")).hasMessageContaining("400 MB", "at most 50 MB");
    }
}
