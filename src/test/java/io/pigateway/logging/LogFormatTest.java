package io.pigateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** {@code logging.format: json} turns the console into one JSON object per line with the MDC; text turns it back. */
class LogFormatTest {

    @Test
    void jsonLinesCarryTheMdcAndTextComesBack() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter()); // the adapter MDC.put writes to
        context.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> console = new OutputStreamAppender<>();
        console.setContext(context);
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(GatewayLogConfigurator.PATTERN);
        text.start();
        console.setEncoder(text);
        console.setOutputStream(out);
        console.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(console);
        org.slf4j.Logger log = context.getLogger("io.pigateway.test");

        LogFormat.apply(context, "json");
        MDC.put("sessionKey", "agent:main:telegram:dm:42");
        MDC.put("runId", "ab12cd34");
        MDC.put("channel", "telegram");
        try {
            log.info("turn {} done", "ab12cd34");
        } finally {
            MDC.clear();
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("formattedMessage").asText()).isEqualTo("turn ab12cd34 done");
        assertThat(line.path("mdc").path("sessionKey").asText()).isEqualTo("agent:main:telegram:dm:42");
        assertThat(line.path("mdc").path("runId").asText()).isEqualTo("ab12cd34");
        assertThat(line.path("mdc").path("channel").asText()).isEqualTo("telegram");

        out.reset();
        LogFormat.apply(context, "text");
        log.info("plain again");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("INFO  [").contains("- plain again").doesNotContain("{");
    }
}
