package io.pigateway.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The pi extension that bridges the agent tools, shipped as a resource and written under {@code dataDir}. */
public final class ToolExtension {
    static final String RESOURCE = "/pi-extension/pi-gateway-tools.ts";

    private ToolExtension() {
    }

    /** Writes (or refreshes) {@code dataDir/extensions/pi-gateway-tools.ts} and returns its path. */
    public static Path install(Path dataDir) {
        Path target = dataDir.resolve("extensions").resolve("pi-gateway-tools.ts").toAbsolutePath();
        try (InputStream in = ToolExtension.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".pi-gateway-tools", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tools extension to " + target, e);
        }
    }
}
