package io.pigateway.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.format}: {@code text} (the usual lines) or {@code json}, one JSON object per line
 * from logback's own {@link JsonEncoder} with the MDC ({@code sessionKey}, {@code runId},
 * {@code channel} while a turn is handled). Applied to the root logger's console appenders once the
 * config is read (logback starts before it).
 */
public final class LogFormat {
    public static final String JSON = "json";

    private LogFormat() {
    }

    /** Switches the running logback's console output to {@code format}; nothing when logback is not the backend. */
    public static void apply(String format) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            apply(context, format);
        }
    }

    static void apply(LoggerContext context, String format) {
        boolean json = JSON.equalsIgnoreCase(format);
        Iterator<Appender<ILoggingEvent>> appenders = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .iteratorForAppenders();
        while (appenders.hasNext()) {
            if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> out
                    && json != (out.getEncoder() instanceof JsonEncoder)) {
                Encoder<ILoggingEvent> encoder = json ? jsonEncoder(context) : textEncoder(context);
                out.setEncoder(encoder);
            }
        }
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true); // the message as read, not its pattern and arguments
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(GatewayLogConfigurator.PATTERN);
        encoder.start();
        return encoder;
    }
}
