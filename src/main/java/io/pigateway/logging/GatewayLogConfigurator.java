package io.pigateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The gateway's logging, set up in code (found by logback through {@code META-INF/services}):
 * console lines {@code HH:mm:ss.SSS LEVEL [thread] logger - message}, the gateway at
 * {@code $PI_GW_LOG_LEVEL} (default INFO), Camel, Vert.x, Netty and Quartz at WARN. In code rather
 * than in a {@code logback.xml} because XML configuration loads an XML parser and ~300 classes into
 * every start. A {@code -Dlogback.configurationFile=...} or a {@code logback.xml} /
 * {@code logback-test.xml} on the class path still wins: this configurator then steps aside.
 */
public final class GatewayLogConfigurator extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{1} - %msg%n";
    private static final Map<String, Level> QUIET = Map.of("org.apache.camel", Level.WARN, "io.vertx", Level.WARN,
            "io.netty", Level.WARN, "org.quartz", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = GatewayLogConfigurator.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.NEUTRAL; // the user's (or the tests') XML configuration
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        context.getLogger("io.pigateway").setLevel(gatewayLevel(System.getenv("PI_GW_LOG_LEVEL")));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code PI_GW_LOG_LEVEL} (TRACE, DEBUG, INFO, WARN, ERROR); INFO when unset or unknown. */
    static Level gatewayLevel(String configured) {
        return configured == null || configured.isBlank() ? Level.INFO : Level.toLevel(configured.trim(), Level.INFO);
    }
}
