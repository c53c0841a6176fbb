package io.pigateway.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps log lines off a command's report while it runs ({@code doctor} prints one line per check;
 * a pool's start-up INFO or pi's stderr would land between them). Everything the checks learn is
 * in their own lines.
 */
final class QuietLogs {
    private QuietLogs() {
    }

    static <T> T during(Supplier<T> work) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return work.get();
        }
        TurboFilter mute = new TurboFilter() {
            @Override
            public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                      Throwable t) {
                return FilterReply.DENY;
            }
        };
        mute.start();
        context.addTurboFilter(mute);
        try {
            return work.get();
        } finally {
            context.getTurboFilterList().remove(mute);
        }
    }
}
