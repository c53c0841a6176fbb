package io.pigateway.app.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extra Camel component jars ({@code gateway.libDir}, default {@code plugins/}): every {@code *.jar}
 * there goes into one class loader above the gateway's own, which Camel uses as its application
 * context class loader, so {@code kafka:}, {@code aws2-s3:} or any other component whose jar (and
 * its dependencies) sit in that folder resolves like a built-in one.
 */
public final class ComponentJars {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentJars.class);

    private ComponentJars() {
    }

    /** The jars in {@code dir}, sorted by name; none when the folder does not exist. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * A class loader over the jars in {@code dir} whose parent is {@code parent}; {@code parent}
     * itself when there are none (no extra loader to carry around).
     */
    public static ClassLoader loader(Path dir, ClassLoader parent) {
        List<Path> jars = list(dir);
        if (jars.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("bad jar path " + jar, e);
            }
        }
        LOG.info("Component jars from {}: {}", dir, jars.stream().map(j -> j.getFileName().toString()).toList());
        return new URLClassLoader("pi-gateway-lib", urls.toArray(URL[]::new), parent);
    }
}
