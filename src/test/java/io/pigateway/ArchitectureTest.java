package io.pigateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point down (ARCHITECTURE.md): read from the compiled classes' constant pools, so
 * imports, fully qualified names and lambdas all count. {@code app} assembles; {@code channel/*},
 * {@code api}, {@code tools}, {@code cron} sit on {@code plugin} and {@code pipeline}; below them {@code core},
 * {@code rpc}, {@code store}, {@code config}, {@code security}; {@code core} uses nothing of ours.
 */
class ArchitectureTest {
    private static final Path CLASSES = Path.of("target/classes/io/pigateway");
    private static final Pattern OURS = Pattern.compile("io/pigateway/([a-z]+)(/([a-z]+))?/[A-Z]");

    @Test
    void coreUsesNothingElseOfOurs() throws IOException {
        assertThat(violations("core", Set.of("core"))).isEmpty();
    }

    @Test
    void nothingBelowTheEdgesReachesUp() throws IOException {
        Set<String> upper = Set.of("app", "cli", "channel", "api", "tools", "cron", "plugin");
        for (String low : List.of("rpc", "store", "config", "security", "pipeline")) {
            assertThat(violationsOf(low, upper)).as(low).isEmpty();
        }
        assertThat(violationsOf("plugin", Set.of("app", "cli", "channel", "api", "tools", "cron", "pipeline")))
                .as("plugin").isEmpty();
    }

    @Test
    void channelsApiAndToolsDoNotImportTheAssembly() throws IOException {
        for (String edge : List.of("channel", "api", "tools", "cron")) {
            assertThat(violationsOf(edge, Set.of("app", "cli"))).as(edge).isEmpty();
        }
        assertThat(violationsOf("cron", Set.of("channel", "api", "tools"))).as("cron knows no edge but its own")
                .isEmpty();
        assertThat(violationsOf("api", Set.of("cron"))).as("api meets cron only through the assembly").isEmpty();
        assertThat(violationsOf("tools", Set.of("cron"))).as("tools meet cron only through the assembly").isEmpty();
        assertThat(violationsOf("tools", Set.of("channel"))).as("tools never know a channel").isEmpty();
        assertThat(violationsOf("api", Set.of("channel"))).as("api never knows a channel").isEmpty();
    }

    @Test
    void noChannelImportsAnother() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> channels = Files.list(CLASSES.resolve("channel"))) {
            for (Path channel : channels.filter(Files::isDirectory).toList()) {
                String name = channel.getFileName().toString();
                for (Path cls : classes(channel)) {
                    for (String[] ref : references(cls)) {
                        if (ref[0].equals("channel") && ref[1] != null && !ref[1].equals(name)) {
                            found.add(cls.getFileName() + " -> channel/" + ref[1]);
                        }
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    /** Classes of {@code pkg} (sub-packages included) referring to anything outside {@code allowed}. */
    private static Set<String> violations(String pkg, Set<String> allowed) throws IOException {
        Set<String> found = new TreeSet<>();
        for (Path cls : classes(CLASSES.resolve(pkg))) {
            for (String[] ref : references(cls)) {
                if (!allowed.contains(ref[0])) {
                    found.add(CLASSES.relativize(cls) + " -> " + ref[0]);
                }
            }
        }
        return found;
    }

    /** Classes of {@code pkg} referring to any of {@code forbidden}. */
    private static Set<String> violationsOf(String pkg, Set<String> forbidden) throws IOException {
        Set<String> found = new TreeSet<>();
        for (Path cls : classes(CLASSES.resolve(pkg))) {
            for (String[] ref : references(cls)) {
                if (forbidden.contains(ref[0])) {
                    found.add(CLASSES.relativize(cls) + " -> " + ref[0] + (ref[1] != null ? "/" + ref[1] : ""));
                }
            }
        }
        return found;
    }

    private static List<Path> classes(Path dir) throws IOException {
        assertThat(dir).as("compiled classes (run through Maven)").isDirectory();
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }

    /** Every {@code io/pigateway/<pkg>[/<sub>]} named in the class file's constant pool, as {pkg, sub}. */
    private static List<String[]> references(Path cls) throws IOException {
        List<String[]> refs = new ArrayList<>();
        for (String utf8 : utf8Constants(cls)) {
            Matcher m = OURS.matcher(utf8);
            while (m.find()) {
                refs.add(new String[] {m.group(1), m.group(3)});
            }
        }
        return refs;
    }

    private static List<String> utf8Constants(Path cls) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(cls); DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> out.add(in.readUTF());
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // takes two slots
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant tag " + tag + " in " + cls);
                }
            }
        }
        return out;
    }
}
