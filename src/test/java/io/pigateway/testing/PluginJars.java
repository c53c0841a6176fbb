package io.pigateway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars in tests: compiles Java sources with the JDK's compiler against the test
 * class path (the gateway's classes and its libraries: what a plugin's {@code provided} dependency
 * gives it), adds the resources and writes a jar. Seconds, no Maven, no network.
 */
public final class PluginJars {
    /** The example plugin's Maven module, relative to the repository. */
    public static final Path HELLO = Path.of("examples/plugins/hello");

    private PluginJars() {
    }

    /** Builds a Maven-layout module ({@code src/main/java}, {@code src/main/resources}) into {@code jar}. */
    public static Path buildModule(Path module, Path jar) {
        Path root = repo().resolve(module);
        try {
            Path classes = Files.createTempDirectory("plugin-classes");
            List<Path> sources;
            try (Stream<Path> files = Files.walk(root.resolve("src/main/java"))) {
                sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            }
            compile(sources, classes);
            Path resources = root.resolve("src/main/resources");
            if (Files.isDirectory(resources)) {
                copyTree(resources, classes);
            }
            return jar(classes, jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds a jar from sources given inline: {@code files} maps a path in the jar
     * ({@code demo/Boom.java}, {@code META-INF/services/...}) to its text; {@code .java} files are compiled.
     */
    public static Path build(Map<String, String> files, Path jar) {
        try {
            Path src = Files.createTempDirectory("plugin-src");
            Path classes = Files.createTempDirectory("plugin-classes");
            List<Path> sources = new ArrayList<>();
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = (file.getKey().endsWith(".java") ? src : classes).resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
                if (file.getKey().endsWith(".java")) {
                    sources.add(target);
                }
            }
            compile(sources, classes);
            return jar(classes, jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(List<Path> sources, Path classes) {
        if (sources.isEmpty()) {
            return;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-encoding", "UTF-8",
                "-classpath", System.getProperty("java.class.path"), "-d", classes.toString()));
        sources.forEach(s -> args.add(s.toString()));
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int code = javac.run(null, null, errors, args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("plugin sources do not compile:\n" + errors.toString(StandardCharsets.UTF_8));
        }
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    private static Path repo() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }
}
