package io.pigateway.tools;

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
        Files.writeString(media.resolve("c.ogg"), "c");
        Files.createSymbolicLink(work.resolve("out-link"), outside);
        Files.createSymbolicLink(work.resolve("dir-link"), root);
        Files.createSymbolicLink(work.resolve("in-link"), work.resolve("a.png"));
        MediaPaths paths = new MediaPaths(work, media);

        assertThat(paths.resolve("a.png")).isEqualTo(work.resolve("a.png").toRealPath());
        assertThat(paths.resolve("sub/b.png")).hasFileName("b.png");
        assertThat(paths.resolve(media.resolve("c.ogg").toString())).hasFileName("c.ogg");
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
}
