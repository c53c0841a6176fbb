package io.pigateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The build's version: {@code version.properties} is Maven-filtered at build time (see pom.xml), so
 * it is right when run from the jar and from target/classes alike.
 */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"pi-gw " + version()};
    }

    /** The project version, or "unknown" when the resource is missing or unfiltered. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through: a version line is never worth failing a command over
        }
        String manifest = PiGwCli.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : "unknown";
    }
}
