package io.pigateway.app.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YAML channel examples on their own, the gateway replaced by {@code mock:inbound}: what each
 * hands to {@code direct:inbound} (a String and the PiGateway* headers, nothing else), and what
 * each does with an answer at {@code direct:outbound-<channel>}. Mail runs against GreenMail on
 * loopback. {@code YamlChannelsEndToEndTest} runs both with the real gateway and pi.
 */
class ChannelExamplesTest {
    @TempDir
    Path dir;
    CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() {
        camel.stop();
    }

    private MockEndpoint start(String exampleFile, Map<String, String> properties) throws Exception {
        Properties initial = new Properties();
        initial.putAll(properties);
        camel.getPropertiesComponent().setInitialProperties(initial);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:inbound").routeId("test-inbound").to("mock:inbound");
            }
        });
        camel.start();
        UserRoutes user = new UserRoutes(camel, ExampleRoutesTest.EXAMPLES);
        user.load(ExampleRoutesTest.EXAMPLES.resolve(exampleFile));
        assertThat(user.problems()).isEmpty();
        return camel.getEndpoint("mock:inbound", MockEndpoint.class);
    }

    @Test
    void fileChannelReadsInboxFilesAndAppendsAnswersToTheChatsOutboxFile() throws Exception {
        MockEndpoint inbound = start("file-channel.camel.yaml", Map.of("filechan.dir", dir.toString()));
        inbound.expectedBodiesReceived("What is 6 x 7?\n");
        inbound.expectedHeaderReceived("PiGatewayChannel", "filechan");
        inbound.expectedHeaderReceived("PiGatewayChatId", "chat42");
        Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(dir.resolve("inbox/chat42.txt"), "What is 6 x 7?\n");
        inbound.assertIsSatisfied(15_000);
        assertThat(inbound.getExchanges().get(0).getMessage().getHeaders().keySet()).allMatch(h -> h.startsWith("PiGateway"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("processed/chat42.txt")));

        var producer = camel.createProducerTemplate();
        producer.sendBodyAndHeader("direct:outbound-filechan", "42", "PiGatewayChatId", "chat42");
        producer.sendBodyAndHeader("direct:outbound-filechan", "Anything else?", "PiGatewayChatId", "chat42");
        producer.sendBodyAndHeader("direct:outbound-filechan", "escape", "PiGatewayChatId", "../escape");
        assertThat(Files.readString(dir.resolve("outbox/chat42.txt"))).isEqualTo("42\n\nAnything else?\n\n");
        assertThat(dir.resolve("escape.txt")).doesNotExist();
        try (var files = Files.list(dir.resolve("outbox"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void mailChannelReadsImapAndAnswersBySmtp() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        mail.start();
        try {
            mail.setUser("pi@localhost", "pi@localhost", "secret");
            MockEndpoint inbound = start("mail-channel.camel.yaml", Map.of(
                    "mail.imapUri", "imap://127.0.0.1:" + mail.getImap().getPort(),
                    "mail.smtpUri", "smtp://127.0.0.1:" + mail.getSmtp().getPort(),
                    "mail.username", "pi@localhost", "mail.password", "secret", "mail.from", "pi@localhost",
                    "mail.pollMs", "200"));
            inbound.expectedMessageCount(1);
            GreenMailUtil.sendTextEmail("pi@localhost", "Alice Example <Alice@localhost>", "Question", "What is 6 x 7?",
                    mail.getSmtp().getServerSetup());
            inbound.assertIsSatisfied(20_000);
            var in = inbound.getExchanges().get(0).getMessage();
            assertThat(in.getBody(String.class)).startsWith("Question\n\nWhat is 6 x 7?");
            assertThat(in.getHeaders()).containsEntry("PiGatewayChannel", "mail")
                    .containsEntry("PiGatewayChatId", "alice@localhost")
                    .containsEntry("PiGatewaySenderName", "Alice Example <Alice@localhost>");
            assertThat(in.getHeaders().keySet()).allMatch(h -> h.startsWith("PiGateway"));

            camel.createProducerTemplate().sendBodyAndHeaders("direct:outbound-mail", "42",
                    Map.of("PiGatewayChatId", "alice@localhost", "PiGatewaySessionKey", "agent:main:mail:dm:alice@localhost"));
            assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
            MimeMessage answer = mail.getReceivedMessagesForDomain("localhost")[1];
            assertThat(answer.getAllRecipients()[0].toString()).isEqualTo("alice@localhost");
            assertThat(answer.getFrom()[0].toString()).isEqualTo("pi@localhost");
            assertThat(answer.getSubject()).isEqualTo("Answer from pi");
            assertThat(GreenMailUtil.getBody(answer).strip()).isEqualTo("42");
            assertThat(answer.getHeader("PiGatewaySessionKey")).isNull();
        } finally {
            mail.stop();
        }
    }
}
